import { expect, type Page } from "@playwright/test";

/** Waits until the wasm has hydrated the page (the app marks <body>). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

/** The number in "123 jobs". */
export async function resultCount(page: Page): Promise<number> {
  const text = (await page.locator(".result-count").textContent()) ?? "";
  if (text.startsWith("No jobs")) return 0;
  return parseInt(text.replace(/[^0-9]/g, ""), 10);
}

/** The two sizes every journey is walked at: a desktop and a phone. */
export const sizes = [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
] as const;
