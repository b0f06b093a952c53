// Focusing an element the way a keyboard user reaches it, once it can take focus.
import { expect, type Locator } from '@playwright/test';

/**
 * Focuses `target` and waits until it has focus. A page with a loading state streams: its content
 * first arrives in a hidden container, where `focus()` silently does nothing, and is moved into place
 * when its data is ready; on a slow machine a bare `focus()` can land in that gap. So this waits for
 * the element to be shown and tries again until focus holds.
 */
export async function focusWhenShown(target: Locator) {
  await expect(target).toBeVisible();
  await expect(async () => {
    await target.focus();
    await expect(target).toBeFocused({ timeout: 1_000 });
  }).toPass();
}
