import { test, expect } from "@playwright/test";
import { confirmDomainAddress, ownAddress, saveWebsite, signInAsNewModerator, signUp, submitPosting, uniqueEmail } from "../employer/helpers";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a company is verified, its posting approved, and the job is public with the badge", async ({ page, browser }) => {
      const stamp = `${javaScriptEnabled ? "js" : "plain"}${Date.now()}`;
      const company = `Beacon ${stamp}`;
      const domain = `beacon-${stamp}.example`;
      const title = `Beacon Platform Engineer ${stamp}`;
      await signUp(page, uniqueEmail("beacon"), company);

      // The owner proves an address at the website's domain.
      await saveWebsite(page, domain);
      await page.getByLabel("Your address at the company’s domain").fill(`hiring@gmail.com`);
      await page.getByRole("button", { name: "Send confirmation link" }).click();
      await expect(page.getByText("Use an address at your company’s own domain")).toBeVisible();
      await confirmDomainAddress(page, domain);
      await submitPosting(page, title, `https://${domain}/careers`);

      // A moderator verifies the company, then approves the posting.
      const moderator = await browser.newPage({ javaScriptEnabled });
      await signInAsNewModerator(moderator);
      await moderator.goto("/admin/companies");
      await moderator.getByRole("button", { name: `Verify ${company}` }).click();
      await expect(moderator.getByRole("button", { name: `Verify ${company}` })).toHaveCount(0);
      await expect(moderator.locator("section", { hasText: "Verified companies" })).toContainText(company);
      await moderator.goto("/admin/review");
      await moderator.getByRole("button", { name: `Approve ${title}` }).click();
      await expect(moderator.getByRole("button", { name: `Approve ${title}` })).toHaveCount(0);

      // Anyone now finds the job among verified companies' jobs, with the badge.
      const visitor = await browser.newPage({ javaScriptEnabled });
      await ownAddress(visitor);
      await visitor.goto(`/jobs?verified=1&q=${encodeURIComponent(stamp)}`);
      const card = visitor.locator(".job-card", { hasText: title });
      await expect(card).toBeVisible();
      await expect(card.locator(".verified")).toHaveText("✓ Verified");
      await card.getByRole("link", { name: title }).click();
      await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(visitor.locator(".job-page .verified").first()).toBeVisible();

      // The visitor reports it; the moderator finds the report in the queue.
      await visitor.getByText("Report this job").click();
      await visitor.getByLabel("What is wrong").selectOption("filled");
      await visitor.getByLabel("Details (optional)").fill(`Filled already, says ${stamp}.`);
      await visitor.getByRole("button", { name: "Send report" }).click();
      await expect(visitor.getByText("A moderator will look at this posting.")).toBeVisible();
      await moderator.goto("/admin/review");
      const reported = moderator.locator(".review-item", { has: moderator.getByRole("link", { name: title }) });
      await expect(reported).toContainText(`Filled already, says ${stamp}.`);
      await reported.getByRole("button", { name: `Keep it up ${title}` }).click();
      await expect(moderator.getByRole("button", { name: `Keep it up ${title}` })).toHaveCount(0);
    });

    test("an edit of a live posting waits for review while the approved version stays up", async ({ page, browser }) => {
      const stamp = `${javaScriptEnabled ? "js" : "plain"}${Date.now()}`;
      const title = `Relay Engineer ${stamp}`;
      await signUp(page, uniqueEmail("relay"), `Relay ${stamp}`);
      await submitPosting(page, title, "https://relay.example/careers");
      const moderator = await browser.newPage({ javaScriptEnabled });
      await signInAsNewModerator(moderator);
      await moderator.getByRole("button", { name: `Approve ${title}` }).click();
      await expect(moderator.getByRole("button", { name: `Approve ${title}` })).toHaveCount(0);

      // The employer swaps the apply link of the live posting.
      await page.goto("/dashboard");
      await page.getByRole("row", { name: new RegExp(title) }).getByRole("link", { name: "Edit" }).click();
      await page.getByLabel(/^Application page/).fill("https://relay-payroll.example/apply");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByText("Your edit is saved and waits for a moderator.")).toBeVisible();
      await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("Edit in review");

      // Visitors still get the approved link.
      const visitor = await browser.newPage({ javaScriptEnabled });
      await ownAddress(visitor);
      await visitor.goto(`/jobs?q=${encodeURIComponent(stamp)}`);
      await visitor.getByRole("link", { name: title }).click();
      await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(title);
      // The apply button is a counted redirect: where it leads is what counts.
      const applyHref = (await visitor.getByRole("link", { name: /Apply/ }).first().getAttribute("href"))!;
      const target = async () =>
        (await visitor.request.get(applyHref, { maxRedirects: 0 })).headers()["location"];
      expect(await target()).toBe("https://relay.example/careers");

      // The moderator sees exactly what changed, and approves.
      await moderator.goto("/admin/review");
      const edit = moderator.locator(".review-item", { hasText: `${title} (edit)` });
      // Only the link changed: a form sent without JavaScript (CRLF line
      // ends in the text) shows no other difference.
      await expect(edit.locator(".changes tbody tr")).toHaveCount(1);
      const link = edit.locator(".changes tr", { hasText: "Application page" });
      await expect(link.locator("ins")).toHaveText("https://relay-payroll.example/apply");
      await expect(link.locator("del")).toHaveText("https://relay.example/careers");
      await edit.getByRole("button", { name: `Keep the old version of ${title}` }).click();
      await expect(moderator.getByText("Tell the employer why")).toBeVisible();
      await edit.getByLabel(/Reason for the employer/).fill("That link is not on your company's domain.");
      await edit.getByRole("button", { name: `Keep the old version of ${title}` }).click();
      await expect(moderator.locator(".review-item", { hasText: `${title} (edit)` })).toHaveCount(0);

      expect(await target()).toBe("https://relay.example/careers");
      await page.goto("/dashboard");
      await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText(
        "Edit declined: That link is not on your company's domain.",
      );
    });
  });
}

test("a near-copy of a live posting shows its duplicate flag in the queue", async ({ page, browser }) => {
  const stamp = `${Date.now()}`;
  const description = `## The role\n\nRun the ledger service ${stamp} that settles every payment our customers make, in Rust.`;
  await signUp(page, uniqueEmail("ledger"), `Ledger ${stamp}`);
  await submitPosting(page, `Ledger Engineer ${stamp}`, "https://ledger.example/careers", description);
  await submitPosting(page, `Ledger Engineer ${stamp} EU`, "https://ledger.example/careers", description);

  const moderator = await browser.newPage();
  await signInAsNewModerator(moderator);
  const item = (title: string) =>
    moderator.locator(".review-item", { has: moderator.getByRole("heading", { name: title, exact: true }) });
  await expect(item(`Ledger Engineer ${stamp} EU`).locator(".flag-duplicate")).toContainText("Likely duplicate");
  await expect(item(`Ledger Engineer ${stamp}`).locator(".flag")).toHaveCount(0);
});

test("a moderator adds a question to a guide's FAQ and readers see it", async ({ page }) => {
  const stamp = `${Date.now()}`;
  await signInAsNewModerator(page);
  await page.locator(".admin-nav").getByRole("link", { name: "Guides" }).click();
  await page.getByRole("link", { name: /^Edit .*negotiat/i }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit guide");
  const faq = page.getByLabel(/^Frequently asked questions/);
  await faq.fill(`${await faq.inputValue()}\nIs question ${stamp} answered? | Yes, by a moderator.`);
  await page.getByRole("button", { name: "Save guide" }).click();
  await expect(page.getByText("Saved. The guide shows the new text now.")).toBeVisible();
  await page.getByRole("link", { name: "View the guide" }).click();
  const question = page.locator(".faq details", { hasText: `Is question ${stamp} answered?` });
  await question.locator("summary").click();
  await expect(question).toContainText("Yes, by a moderator.");
});
