// Whose email it is: the workspace's company name, accent colour, logo and the footer's address, from
// its billing settings (lib/workspaces/workspace-config.ts) and its branding columns. Pure.
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { safeHttpUrl } from '@/lib/documents/invoice-document';

/** The accent of a workspace that chose none: a blue that reads on white and carries white text. */
export const DEFAULT_ACCENT_COLOR = '#2563eb';

export type EmailBrand = {
  companyName: string;
  /** #rrggbb: the header rule, buttons and links */
  accentColor: string;
  /** text drawn on the accent (buttons): white, or near-black on a light accent */
  onAccentColor: string;
  /** an http(s) image URL, or null for the name alone */
  logoUrl: string | null;
  /** the footer: the seller's postal address and email */
  addressLines: string[];
  email: string | null;
};

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** Relative luminance (WCAG 2), to pick the text colour a button needs on the workspace's accent. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** White text unless the accent is light enough that dark text contrasts better. */
export function textColorOn(accent: string): string {
  const l = luminance(accent);
  return (1.05 / (l + 0.05) >= (l + 0.05) / 0.05) ? '#ffffff' : '#0f172a';
}

export function emailBrand(workspace: Pick<Workspace, 'brandColor' | 'logoUrl'>, config: Pick<BillingConfig, 'seller'>): EmailBrand {
  const accentColor = workspace.brandColor && HEX_COLOR.test(workspace.brandColor) ? workspace.brandColor.toLowerCase() : DEFAULT_ACCENT_COLOR;
  return {
    companyName: config.seller.name,
    accentColor,
    onAccentColor: textColorOn(accentColor),
    logoUrl: safeHttpUrl(workspace.logoUrl),
    addressLines: config.seller.address_lines,
    email: config.seller.email ?? null,
  };
}
