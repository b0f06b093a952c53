// What the budget form shows: the saved budget split into the preset checkboxes and the custom
// percentages' text (shared by the page, the form and its Server Action).
/** The percentages offered as checkboxes; any others are typed into the custom field. */
export const PRESET_PERCENTAGES = [50, 80, 100] as const;

export type BudgetFormValues = { amount: string; percents: number[]; custom: string };

/** The budget's percentages split into the checkboxes and the custom field's text. */
export function budgetFormValues(budget: { amount: string; notify_at_percent: number[] } | null): BudgetFormValues {
  if (!budget) return { amount: '', percents: [...PRESET_PERCENTAGES], custom: '' };
  const preset = new Set<number>(PRESET_PERCENTAGES);
  return {
    amount: budget.amount,
    percents: budget.notify_at_percent.filter((p) => preset.has(p)),
    custom: budget.notify_at_percent.filter((p) => !preset.has(p)).join(', '),
  };
}

