"use server";
// User management (ADMIN only): invite with a one-time temporary password, change roles, disable or
// delete (offboarding: sessions end and tokens are revoked at once).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { requestMeta } from "@/lib/auth/request-meta";
import { ROLES } from "@/lib/auth/roles";
import { inviteUser } from "@/lib/users/invite-user";
import { changeUserRole } from "@/lib/users/change-role";
import { setUserDisabled } from "@/lib/users/set-user-disabled";
import { deleteUser } from "@/lib/users/delete-user";

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

export const setUserDisabledAction = authAction(
  { role: "ADMIN", audit: { action: "user.disable", targetType: "user", targetId: inputField("userId") }, schema: z.object({ userId: z.string().min(1).max(64), disabled: z.boolean() }) },
  async (input, { user, meta }) => {
    const r = await setUserDisabled({ ...input, actorId: user.id }, meta);
    revalidatePath("/admin/users");
    return r;
  },
);

export const deleteUserAction = authAction(
  { role: "ADMIN", audit: { action: "user.delete", targetType: "user", targetId: inputField("userId") }, schema: z.object({ userId: z.string().min(1).max(64) }) },
  async (input, { user, meta }) => {
    const r = await deleteUser({ ...input, actorId: user.id }, meta);
    revalidatePath("/admin/users");
    return r;
  },
);
