import { inputClass, labelClass, primaryButtonClass } from './field-classes';

/** Email and password for the local issuer; a plain form post that works without JavaScript. */
export function LocalSignInForm({ next }: { next: string }) {
  return (
    <form data-testid="login-form" action="/api/auth/local/sign-in" method="post" className="space-y-4">
      <input type="hidden" name="next" value={next} />
      <div>
        <label htmlFor="email" className={labelClass}>
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="email" required className={`mt-1.5 ${inputClass}`} />
      </div>
      <div>
        <label htmlFor="password" className={labelClass}>
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={`mt-1.5 ${inputClass}`}
        />
      </div>
      <button type="submit" className={primaryButtonClass}>
        Sign in
      </button>
    </form>
  );
}
