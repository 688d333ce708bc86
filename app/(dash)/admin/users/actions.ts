"use server";
// User management (ADMIN only): invite with a one-time temporary password, change roles.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { requestMeta } from "@/lib/auth/request-meta";
import { ROLES } from "@/lib/auth/roles";
import { inviteUser } from "@/lib/users/invite-user";
import { changeUserRole } from "@/lib/users/change-role";

export const inviteUserAction = authAction(
  { role: "ADMIN", audit: { action: "user.invite", targetType: "user" }, schema: z.object({ email: z.string(), name: z.string(), role: z.enum(ROLES) }) },
  async (input, { user }) => {
    const meta = await requestMeta();
    const r = await inviteUser({ ...input, actorId: user.id }, { ip: meta.ip, userAgent: meta.userAgent });
    revalidatePath("/admin/users");
    return r;
  },
);

export const changeRoleAction = authAction(
  { role: "ADMIN", audit: { action: "user.role", targetType: "user", targetId: inputField("userId") }, schema: z.object({ userId: z.string().min(1).max(64), role: z.enum(ROLES) }) },
  async (input, { user }) => {
    const meta = await requestMeta();
    const r = await changeUserRole({ ...input, actorId: user.id }, { ip: meta.ip, userAgent: meta.userAgent });
    revalidatePath("/admin/users");
    return r;
  },
);
