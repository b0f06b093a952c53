// A workspace's billing settings: what it stored, else the installation's defaults. The `default`
// workspace takes those from the environment, as the whole installation did before workspaces; the
// others start from the built-in values, with their own name as the seller's.
import { billingConfig, type BillingConfig } from '@/lib/config/billing-config';
import { DEFAULT_WORKSPACE_ID, type workspaces } from '@/lib/db/schema';
import { env, parseEnv, type Env } from '@/lib/env';

export type Workspace = typeof workspaces.$inferSelect;

// the built-in values never change: parsed once, not on every request of a workspace that uses them
let builtIn: BillingConfig | undefined;

export function workspaceConfig(workspace: Workspace, e: Env = env()): BillingConfig {
  const isDefault = workspace.id === DEFAULT_WORKSPACE_ID;
  const installation = billingConfig(e);
  const base = isDefault ? installation : (builtIn ??= billingConfig(parseEnv({})));
  const addressLines = workspace.companyAddressLines ?? (isDefault ? base.seller.address_lines : []);
  return {
    ...base,
    // retries and suspension are the installation's policy, not a business setting
    dunning: installation.dunning,
    invoiceRetentionYears: installation.invoiceRetentionYears,
    defaultCurrency: workspace.defaultCurrency ?? base.defaultCurrency,
    defaultTaxRate: workspace.defaultTaxRate ?? base.defaultTaxRate,
    invoiceNumberFormat: workspace.invoiceNumberFormat ?? base.invoiceNumberFormat,
    creditNoteNumberFormat: workspace.creditNoteNumberFormat ?? base.creditNoteNumberFormat,
    paymentTermsDays: workspace.paymentTermsDays ?? base.paymentTermsDays,
    seller: {
      name: workspace.companyName ?? (isDefault ? base.seller.name : workspace.name),
      email: workspace.companyEmail ?? (isDefault ? base.seller.email : null),
      address_lines: addressLines,
      country: addressLines.at(-1) ?? null,
      tax_id: workspace.companyTaxId ?? (isDefault ? base.seller.tax_id : null),
    },
    bank: {
      iban: workspace.bankIban ?? (isDefault ? base.bank.iban : null),
      bic: workspace.bankBic ?? (isDefault ? base.bank.bic : null),
    },
  };
}

/** The address emails go out from: the workspace's, else EMAIL_FROM for `default`. */
export function workspaceEmailFrom(workspace: Pick<Workspace, 'id' | 'emailFrom'>, e: Env = env()): string | null {
  return workspace.emailFrom ?? (workspace.id === DEFAULT_WORKSPACE_ID ? (e.EMAIL_FROM ?? null) : null);
}
