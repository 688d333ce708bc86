"use client";
import { useActionState } from "react";
import { signIn, type TSignInState } from "@/lib/auth/actions";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<TSignInState, FormData>(signIn, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <FormError message={state.error} id="signin-error" />
      <div>
        <label htmlFor="email" className="ff-label">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          defaultValue={state.email ?? ""}
          aria-invalid={state.field === "email" || undefined}
          className="ff-input"
        />
      </div>
      <div>
        <label htmlFor="password" className="ff-label">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={state.field === "password" || undefined}
          className="ff-input"
        />
      </div>
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
