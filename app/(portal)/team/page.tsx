import { requirePage } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/users/list-users";
import { PageHeader, cardClass } from "@/components/ui/page";
import { AddUserForm } from "./add-user-form";
import { UserRow } from "./user-row";

export const metadata = { title: "Team" };

export default async function TeamPage() {
  const me = await requirePage("team.manage");
  const users = await listUsers();
  const now = new Date();
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title="Team" description="Admins manage everything; operators create verification links; reviewers decide sessions. Users are disabled, never deleted, so the audit log keeps its authors." />
      <section aria-labelledby="members-heading" className={cardClass}>
        <h2 id="members-heading" className="font-semibold">
          Members ({users.length})
        </h2>
        <ul className="mt-2">
          {users.map((u) => (
            <UserRow
              key={u.id}
              isMe={u.id === me.id}
              user={{
                id: u.id,
                name: u.name,
                email: u.email,
                role: u.role,
                disabled: u.disabled,
                locked: !!u.lockedUntil && u.lockedUntil > now,
                lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
                linkExpiresAt: u.setPasswordExpiresAt && u.setPasswordExpiresAt > now ? u.setPasswordExpiresAt.toISOString() : null,
              }}
            />
          ))}
        </ul>
      </section>
      <section aria-labelledby="add-heading" className={cardClass}>
        <h2 id="add-heading" className="mb-4 font-semibold">
          Add a user
        </h2>
        <AddUserForm />
      </section>
    </div>
  );
}
