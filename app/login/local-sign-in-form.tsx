import { CredentialFields } from './credential-fields';
import { primaryButtonClass } from './field-classes';

/** Email and password for the local issuer; a plain form post that works without JavaScript. */
export function LocalSignInForm({ next }: { next: string }) {
  return (
    <form data-testid="login-form" action="/api/auth/local/sign-in" method="post" className="space-y-4">
      <input type="hidden" name="next" value={next} />
      <CredentialFields />
      <button type="submit" className={primaryButtonClass}>
        Sign in
      </button>
    </form>
  );
}
