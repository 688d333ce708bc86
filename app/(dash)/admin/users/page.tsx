import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listUsers } from "@/lib/users/list-users";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { UsersPanel } from "@/app/(dash)/admin/users/users-panel";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireUser();
  if (!hasRole(me.role, "ADMIN")) {
    return <EmptyState title="Admins only" body="Managing users needs the admin role. Ask an admin to invite people or change roles." />;
  }
  const users = await listUsers();
  return (
    <div className="max-w-5xl space-y-5">
      <PageHeader title="Users" description="Viewers read everything; operators launch, stop, kill and edit presets; admins also manage users, hosts and settings." />
      <UsersPanel
        meId={me.id}
        users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString(), lastSeenAt: u.lastSeenAt?.toISOString() ?? null,
          disabledAt: u.disabledAt?.toISOString() ?? null, passwordExpiresAt: u.passwordExpiresAt?.toISOString() ?? null }))}
      />
    </div>
  );
}
