import { inputClass, labelClass } from './field-classes';

/** The email and password inputs both sign-in forms share (works in server and client components). */
export function CredentialFields() {
  return (
    <>
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
        <input id="password" name="password" type="password" autoComplete="current-password" required className={`mt-1.5 ${inputClass}`} />
      </div>
    </>
  );
}
