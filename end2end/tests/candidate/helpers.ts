import { expect, type Page } from "@playwright/test";
import { mailTo, ownAddress } from "../employer/helpers";

/** A small, whole PDF: what a CV upload is checked to be. */
export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

/** The six digits of the newest mail to `email` that says `text`. */
export async function codeFrom(email: string, text: string): Promise<string> {
  const mail = await mailTo(email, text);
  const code = /is: (\d{3}) (\d{3})/.exec(mail);
  if (!code) throw new Error(`no code in ${mail}`);
  return code[1] + code[2];
}

/** Signs `email` in as a seeker, from the account link in the header. */
export async function signInAsSeeker(page: Page, email: string) {
  await ownAddress(page);
  await page.goto("/");
  await page.getByRole("link", { name: "Your account" }).click();
  await expect(page).toHaveURL(/\/me\/signin\?next=\/me$/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "E-mail me a code" }).click();
  // Hydrated, the page says the code was sent and links to the code form;
  // without JavaScript the form comes back as the code form.
  const typeIt = page.getByRole("link", { name: "Type it here" });
  const codeField = page.getByLabel("Code");
  await expect(typeIt.or(codeField)).toBeVisible();
  if (await typeIt.isVisible()) await typeIt.click();
  await expect(page.getByText(`We sent a six-digit code to ${email}`)).toBeVisible();
  await page.getByLabel("Code").fill(await codeFrom(email, "Your code to sign in"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your applications" })).toBeVisible();
}
