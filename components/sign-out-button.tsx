/** Ends the session: a plain form post, so it works before any JavaScript loads. */
export function SignOutButton() {
  return (
    <form action="/api/auth/sign-out" method="post">
      <button
        type="submit"
        data-testid="sign-out"
        className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        Sign out
      </button>
    </form>
  );
}
