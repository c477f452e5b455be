import { expect, type Browser, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { simpleParser } from "mailparser";

export const PASSWORD = "correct horse battery";

/** A fresh address per test run and test. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/**
 * The newest e-mail to `to` containing `subject` that the test SMTP server
 * (scripts/with-smtp) delivered from the app's address, decoded: the
 * headers as received, the decoded subject, then the text part.
 */
export async function mailTo(to: string, subject: string, timeout = 10_000): Promise<string> {
  const root = process.env.FARCODER_TEST_MAILDIR;
  const from = /<([^>]+)>/.exec(process.env.FARCODER_MAIL_FROM ?? "")?.[1];
  if (!root || !from) throw new Error("no test SMTP server: run the browser tests through scripts/test");
  const dir = join(root, from, "new");
  let found = "";
  await expect
    .poll(async () => {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        return 0; // nothing delivered yet
      }
      const mails = await Promise.all(names.map((f) => decoded(readFileSync(join(dir, f)))));
      const matching = mails
        .filter((m) => m.to === to && m.text.includes(subject))
        .sort((a, b) => a.outbox - b.outbox);
      found = matching.pop()?.text ?? "";
      return found.length;
    }, { timeout })
    .toBeGreaterThan(0);
  return found;
}

async function decoded(raw: Buffer): Promise<{ to: string; outbox: number; text: string }> {
  const mail = await simpleParser(raw);
  // mailparser reads Delivered-To as an address header.
  const delivered = mail.headers.get("delivered-to") as { text?: string } | string | undefined;
  const to = typeof delivered === "string" ? delivered : (delivered?.text ?? "");
  const outbox = Number(/^<?outbox\.(\d+)\./.exec(mail.messageId ?? "")?.[1] ?? Number.MAX_SAFE_INTEGER);
  const headers = raw.toString("utf8").split(/\r?\n\r?\n/)[0];
  return { to, outbox, text: `${headers}\r\nSubject: ${mail.subject ?? ""}\r\n\r\n${mail.text ?? ""}` };
}

export function linkIn(mail: string, path: string): string {
  // A header's link comes in angle brackets (List-Unsubscribe: <…>).
  const link = mail.split(/\s+/).map((w) => w.replace(/^<|>$/g, "")).find((w) => w.includes(path));
  if (!link) throw new Error(`no ${path} link in ${mail}`);
  return new URL(link).pathname + new URL(link).search;
}

/**
 * The page comes from an address of its own (the e2e server trusts
 * X-Forwarded-For), as separate people do: per-address limits (sign-up,
 * reports, applications) then count each of them, not the whole suite.
 */
export async function ownAddress(page: Page) {
  const byte = () => 1 + Math.floor(Math.random() * 254);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `10.${byte()}.${byte()}.${byte()}` });
}

/** Fills in and sends the sign-up form; the account waits for its address. */
export async function requestAccount(page: Page, email: string, company: string) {
  await page.goto("/signup");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your inbox: we sent a link to confirm your address.")).toBeVisible();
}

/** Signs in from the sign-in page and lands on the dashboard of `company`. */
export async function signIn(page: Page, email: string, company: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(company);
}

/**
 * A new employer account, from an address of its own: signed up, the
 * address confirmed through the e-mailed link, signed in.
 */
export async function signUp(page: Page, email: string, company: string) {
  await ownAddress(page);
  await requestAccount(page, email, company);
  const mail = await mailTo(email, "Confirm your e-mail address");
  await page.goto(linkIn(mail, "/confirm?token="));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("heading", { name: "Your address is confirmed" })).toBeVisible();
  await signIn(page, email, company);
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

/** The release binary cargo-leptos built and is serving. */
function farcoderBinary(): string {
  const target = process.env.CARGO_TARGET_DIR ?? resolve("..", "target");
  return join(target, "release", "farcoder");
}

/**
 * A new moderator, made as an operator does (`farcoder admin create`, on the
 * database the app under test uses), who chooses a password through the
 * printed link and lands on the review queue.
 */
export async function signInAsNewModerator(page: Page): Promise<string> {
  const email = uniqueEmail("moderator");
  const printed = execFileSync(farcoderBinary(), ["admin", "create", "--email", email], {
    encoding: "utf8",
    env: process.env,
  });
  const link = printed.split(/\s+/).find((w) => w.includes("/reset?token="));
  if (!link) throw new Error(`no password link in: ${printed}`);
  // Choosing a password from a link is limited per address, as for people.
  await ownAddress(page);
  await page.goto(new URL(link).pathname + new URL(link).search);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByRole("button", { name: "Save and sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/review$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review queue");
  return email;
}

/** Fills the posting form; `salaryMax` lets a test start with a bad range. */
export async function fillPosting(
  page: Page,
  title: string,
  salaryMax: string,
  applyUrl: string,
  description = "## The role\n\nBuild and run the queue that every order in the company flows through.",
) {
  await page.getByLabel("Job title").fill(title);
  await page.getByLabel("Category").selectOption("backend");
  await page.getByLabel("Level").selectOption("senior");
  await page.getByLabel("Job type").selectOption("full-time");
  await page.getByLabel("Minimum").fill("130000");
  await page.getByLabel("Maximum").fill(salaryMax);
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByLabel("Per").selectOption("year");
  await page.getByRole("checkbox", { name: "Rust", exact: true }).check();
  await page.getByRole("checkbox", { name: "Worldwide", exact: true }).check();
  await page.getByRole("checkbox", { name: "Contractor", exact: true }).check();
  await page.getByLabel("Description (Markdown)").fill(description);
  await page.getByLabel(/^Application page/).fill(applyUrl);
}

/** From the dashboard: writes a posting, saves it and submits it for review. */
export async function submitPosting(page: Page, title: string, applyUrl: string, description?: string) {
  await page.goto("/dashboard/jobs/new");
  await fillPosting(page, title, "160000", applyUrl, description);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/preview\?saved=1$/);
  await page.getByRole("link", { name: "← Dashboard" }).click();
  const row = page.getByRole("row", { name: new RegExp(title) });
  await row.getByRole("button", { name: /^Submit posting/ }).click();
  await expect(statusOf(page, title)).toHaveText("In review");
}

/** The status a dashboard row shows for the posting `title`. */
export function statusOf(page: Page, title: string) {
  return page.getByRole("row", { name: new RegExp(title) }).locator(".status").first();
}

/** Saves `https://{domain}` as the signed-in owner's company website. */
export async function saveWebsite(page: Page, domain: string) {
  await page.goto("/dashboard/company");
  await page.getByLabel("Website").fill(`https://${domain}`);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();
}

/**
 * Asks for the verified badge with `hiring@{domain}` and opens the link the
 * SMTP server received for it: the request then waits for a moderator.
 */
export async function confirmDomainAddress(page: Page, domain: string) {
  await page.goto("/dashboard/company");
  await page.getByLabel("Your address at the company’s domain").fill(`hiring@${domain}`);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`We sent a confirmation link to hiring@${domain}`)).toBeVisible();
  const mail = await mailTo(`hiring@${domain}`, "/verify?token=");
  await page.goto(linkIn(mail, "/verify?token="));
  await page.getByRole("button", { name: "Confirm the address" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Address confirmed");
}

/**
 * A company that FarCoder verified, with the posting `title` approved and
 * live: the owner proves an address at the company's domain, a moderator
 * verifies the company and approves the posting.
 */
export async function publishVerifiedPosting(page: Page, browser: Browser, javaScriptEnabled: boolean, stamp: string, title: string) {
  const company = `Lantern ${stamp}`;
  const domain = `lantern-${stamp}.example`;
  await signUp(page, uniqueEmail("lantern"), company);
  await saveWebsite(page, domain);
  await confirmDomainAddress(page, domain);
  await submitPosting(page, title, `https://${domain}/careers`);

  const moderator = await browser.newPage({ javaScriptEnabled });
  await signInAsNewModerator(moderator);
  await moderator.goto("/admin/companies");
  await moderator.getByRole("button", { name: `Verify ${company}` }).click();
  await expect(moderator.getByRole("button", { name: `Verify ${company}` })).toHaveCount(0);
  await moderator.goto("/admin/review");
  await moderator.getByRole("button", { name: `Approve ${title}` }).click();
  await expect(moderator.getByRole("button", { name: `Approve ${title}` })).toHaveCount(0);
  await moderator.close();
}
