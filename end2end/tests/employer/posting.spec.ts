import { test, expect } from "@playwright/test";
import { hydrated, sizes } from "../public/helpers";
import { fillPosting, setUpProfile, signInAsNewModerator, signUp, statusOf, uniqueEmail } from "./helpers";

for (const [size, viewport] of sizes)
for (const javaScriptEnabled of [true, false]) {
  test.describe(`${javaScriptEnabled ? "with JavaScript" : "without JavaScript"}, ${size}`, () => {
    test.use({ javaScriptEnabled, viewport });

    test("an employer sets up the company, writes, previews, submits and closes a posting", async ({ page, browser }) => {
      const title = `Queue Engineer ${javaScriptEnabled ? "JS" : "Plain"} ${size} ${Date.now()}`;
      await signUp(page, uniqueEmail("poster"), "Quay Systems");
      await setUpProfile(page);
      await page.getByRole("link", { name: "← Dashboard" }).click();
      await page.getByRole("link", { name: "New posting" }).click();
      await expect(page).toHaveURL(/\/dashboard\/jobs\/new$/);

      // A range whose maximum is below its minimum is refused with a message,
      // with a description of a real posting's length.
      const description = "## The role\n\n" + "Build and run the queue that every order flows through. ".repeat(90);
      await fillPosting(page, title, "90000", "https://quay.example/careers", description);
      await page.getByRole("button", { name: "Save draft" }).click();
      await expect(page.getByText("The maximum must be at least the minimum.")).toBeVisible();
      // With or without JavaScript, the form kept what was typed: fix the one field.
      await expect(page.getByLabel("Job title")).toHaveValue(title);
      await expect(page.getByLabel("Description (Markdown)")).toHaveValue(description);
      await expect(page.getByRole("checkbox", { name: "Rust", exact: true })).toBeChecked();
      await page.getByLabel("Maximum").fill("160000");
      if (javaScriptEnabled) {
        // The live preview (the job page's own component) follows the form.
        const preview = page.locator(".preview");
        await expect(preview.getByRole("heading", { level: 1 })).toHaveText(title);
        await expect(preview.locator(".salary")).toHaveText("$130k – $160k a year");
        await expect(preview.getByRole("heading", { name: "The role" })).toBeVisible();
      }
      await page.getByRole("button", { name: "Save draft" }).click();

      // Saving leads to the draft's preview, which says it is saved and what
      // comes next, with the button that submits it.
      await expect(page).toHaveURL(/\/dashboard\/jobs\/\d+\/preview\?saved=1$/);
      await expect(page.getByText("Draft saved.")).toBeVisible();
      await expect(page.getByText(/A moderator checks every posting before it goes live/)).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page.locator(".salary")).toHaveText("$130k – $160k a year");
      await page.screenshot({ path: test.info().outputPath(`preview-after-save-${size}.png`), fullPage: true });

      // With JavaScript, submitting updates the page in place.
      if (javaScriptEnabled) {
        await hydrated(page);
        await page.evaluate(() => ((window as any).__sameDocument = true));
      }
      await page.getByRole("button", { name: "Submit for review" }).click();
      await expect(page.getByText("Submitted: it waits for a moderator.")).toBeVisible();
      if (javaScriptEnabled) expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
      await page.getByRole("link", { name: "← Dashboard" }).click();
      await expect(statusOf(page, title)).toHaveText("In review");

      // A new company is not verified: a moderator approves its posting.
      const moderator = await browser.newPage({ javaScriptEnabled });
      await signInAsNewModerator(moderator);
      await moderator.getByRole("button", { name: `Approve ${title}` }).click();
      await expect(moderator.getByRole("button", { name: `Approve ${title}` })).toHaveCount(0);
      await moderator.close();
      await page.reload();
      await expect(statusOf(page, title)).toHaveText("Live");

      await page.goto(`/jobs?q=${encodeURIComponent(title)}`);
      await expect(page.locator(".job-card", { hasText: title })).toBeVisible();
      await expect(page.locator(".job-card", { hasText: title }).locator(".salary")).toHaveText("$130k – $160k a year");

      await page.goto("/dashboard");
      await page.getByRole("row", { name: new RegExp(title) }).getByRole("button", { name: /^Close posting/ }).click();
      await expect(statusOf(page, title)).toHaveText("Closed");
      await page.goto(`/jobs?q=${encodeURIComponent(title)}`);
      await expect(page.locator(".job-card", { hasText: title })).toHaveCount(0);
    });
  });
}

test("a posting typed and left unsaved is offered back when the form opens again", async ({ page }) => {
  await signUp(page, uniqueEmail("typist"), "Keepsake Labs");
  await page.goto("/dashboard/jobs/new");
  await hydrated(page);
  const title = `Kept Engineer ${Date.now()}`;
  const description = "## The role\n\n" + "Keep every word an employer types. ".repeat(150);
  await fillPosting(page, title, "160000", "https://keepsake.example/jobs", description);
  await expect(page.locator(".typed-state")).toContainText("A copy of what you typed is kept");
  // Leaving asks first; the copy is on the server whatever the answer.
  page.once("dialog", (dialog) => dialog.accept());
  await page.goto("/dashboard");
  await page.goto("/dashboard/jobs/new");
  await expect(page.getByText(/did not save it/)).toBeVisible();
  await expect(page.getByLabel("Job title")).toHaveValue("");
  await page.getByRole("link", { name: "Bring back what you typed" }).click();
  await expect(page.getByLabel("Job title")).toHaveValue(title);
  await expect(page.getByLabel("Description (Markdown)")).toHaveValue(description);
  await page.screenshot({ path: test.info().outputPath("restored.png"), fullPage: true });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/preview\?saved=1$/);
  await page.goto("/dashboard/jobs/new");
  await expect(page.getByText(/did not save it/)).toHaveCount(0);
});
