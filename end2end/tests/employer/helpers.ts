import { expect, type Page } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const PASSWORD = "correct horse battery";

/** A fresh address per test run and test. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** The newest e-mail to `to` that the app's outbox sender wrote, waiting for it. */
export async function mailTo(to: string, subject: string): Promise<string> {
  const dir = process.env.FARCODER_OUTBOX_DIR;
  if (!dir) throw new Error("FARCODER_OUTBOX_DIR is not set: run the browser tests through scripts/test");
  let found = "";
  await expect
    .poll(() => {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        return 0; // the sender has not written anything yet
      }
      const mails = names
        .sort()
        .map((f) => readFileSync(join(dir, f), "utf8"))
        .filter((m) => m.includes(`To: ${to}\r\n`) && m.includes(subject));
      found = mails.pop() ?? "";
      return found.length;
    }, { timeout: 10_000 })
    .toBeGreaterThan(0);
  return found;
}

export function linkIn(mail: string, path: string): string {
  const link = mail.split(/\s+/).find((w) => w.includes(path));
  if (!link) throw new Error(`no ${path} link in ${mail}`);
  return new URL(link).pathname + new URL(link).search;
}

export async function signUp(page: Page, email: string, company: string) {
  await page.goto("/signup");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(company);
}

/** A 2×2 PNG, for the logo upload. */
const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4YWQERAwQCgAjNgSxRnwWMwAAAABJRU5ErkJggg==",
  "base64",
);

/** From the dashboard: fills in the company profile and uploads a logo. */
export async function setUpProfile(page: Page) {
  await page.getByRole("link", { name: "Company profile and team" }).click();
  await expect(page).toHaveURL(/\/dashboard\/company$/);
  await page.getByLabel("Website").fill("https://quay.example");
  await page.getByLabel("About the company (Markdown)").fill("We move **every order** through one queue.");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();
  await page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: TINY_PNG });
  await page.getByRole("button", { name: "Upload logo" }).click();
  await expect(page.getByText("Your logo is updated.")).toBeVisible();
  await expect(page.getByRole("img", { name: "Your current logo" })).toBeVisible();
}
