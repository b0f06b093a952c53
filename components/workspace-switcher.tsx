/**
 * The admin header's workspace: its name, and when the user may work in more than one, a plain form
 * (select + button) that posts to /api/admin/workspace, so it works before any JavaScript loads and
 * with the keyboard alone.
 */
export type WorkspaceOption = { slug: string; name: string };

export function WorkspaceSwitcher({ current, options, readOnly }: { current: WorkspaceOption; options: WorkspaceOption[]; readOnly: boolean }) {
  const viewerBadge = readOnly ? (
    <span data-testid="workspace-viewer" className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
      View only
    </span>
  ) : null;
  if (options.length <= 1) {
    return (
      <div className="flex min-w-0 items-center gap-2 text-sm">
        <span className="text-slate-500">Workspace</span>
        <span data-testid="workspace-name" className="truncate font-medium text-slate-900">
          {current.name}
        </span>
        {viewerBadge}
      </div>
    );
  }
  return (
    <form action="/api/admin/workspace" method="post" data-testid="workspace-switcher" className="flex min-w-0 items-center gap-2">
      <label htmlFor="workspace-select" className="shrink-0 text-sm text-slate-500">
        Workspace
      </label>
      <select
        id="workspace-select"
        name="workspace"
        defaultValue={current.slug}
        className="min-w-0 flex-1 truncate rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm font-medium text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none sm:w-48 sm:flex-none"
      >
        {options.map((option) => (
          <option key={option.slug} value={option.slug}>
            {option.name}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="shrink-0 rounded-md bg-white px-2.5 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Switch
      </button>
      {viewerBadge}
    </form>
  );
}
