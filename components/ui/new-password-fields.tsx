import { Field } from "./field";

/** A new password and its confirmation (lib/validation/user.ts `password`: at least 12 characters, not a common one). */
export function NewPasswordFields({ errors, label = "New password", confirmLabel = "Confirm password" }: { errors: Record<string, string>; label?: string; confirmLabel?: string }) {
  return (
    <>
      <Field label={label} name="password" type="password" autoComplete="new-password" error={errors.password} hint="At least 12 characters." required />
      <Field label={confirmLabel} name="confirm" type="password" autoComplete="new-password" error={errors.confirm} required />
    </>
  );
}
