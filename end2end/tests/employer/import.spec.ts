import { test, expect } from "@playwright/test";
import { sizes } from "../public/helpers";
import { signUp, statusOf, uniqueEmail } from "./helpers";

// The app reads "Greenhouse" from end2end/fake-ats.mjs (scripts/test starts
// it): board `acme` lists a Rust backend opening and a platform one.
for (const [size, viewport] of sizes)
for (const javaScriptEnabled of [true, false]) {
  test.describe(`${javaScriptEnabled ? "with JavaScript" : "without JavaScript"}, ${size}`, () => {
    test.use({ javaScriptEnabled, viewport });

    test("an employer connects a Greenhouse board, imports an opening and completes it", async ({ page }) => {
      const shot = (name: string) =>
        page.screenshot({ path: test.info().outputPath(`${name}-${size}.png`), fullPage: true });
      await signUp(page, uniqueEmail("importer"), "Harbour Event Labs");
      await page.getByRole("link", { name: "Import from your ATS" }).click();
      await expect(page).toHaveURL(/\/dashboard\/import$/);
      await expect(page.getByRole("radio", { name: /^Greenhouse/ })).toBeChecked();

      // A wrong board name is said so, and what was typed stays.
      await page.getByLabel("Board name, or your board’s address").fill("acme-typo");
      await page.getByRole("button", { name: "Read the board" }).click();
      await expect(page.getByText("Greenhouse has no public job board named “acme-typo”.")).toBeVisible();
      await expect(page.getByLabel("Board name, or your board’s address")).toHaveValue("acme-typo");
      await shot("import-refused");

      // The board's address works as well as its name.
      await page.getByLabel("Board name, or your board’s address").fill("https://job-boards.greenhouse.io/acme");
      await page.getByRole("button", { name: "Read the board" }).click();
      await expect(page).toHaveURL(/\/dashboard\/import\/\d+$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Greenhouse board “acme”");
      const rust = page.getByRole("checkbox", { name: /Senior Backend Engineer \(Rust\)/ });
      await expect(rust).toBeVisible();
      await expect(page.getByRole("checkbox", { name: /Staff Platform Engineer/ })).toBeVisible();
      await shot("import-board");

      // Nothing ticked: said so.
      await page.getByRole("button", { name: "Bring in the ticked openings" }).click();
      await expect(page.getByText("Tick the openings to bring in first.")).toBeVisible();
      await page.getByRole("checkbox", { name: /Senior Backend Engineer \(Rust\)/ }).check();
      await page.getByRole("button", { name: "Bring in the ticked openings" }).click();
      await expect(page.getByText("1 opening brought in: complete it below.")).toBeVisible();
      await expect(page.getByText("$120k – $150k a year")).toBeVisible();
      await shot("import-brought-in");

      // The draft carries what Greenhouse said; the employer adds how they hire.
      await page.getByRole("link", { name: "Complete" }).click();
      await expect(page).toHaveURL(/\/dashboard\/jobs\/new\?import=\d+$/);
      await expect(page.getByText("Imported from your ATS")).toBeVisible();
      await expect(page.getByLabel("Job title")).toHaveValue("Senior Backend Engineer (Rust)");
      await expect(page.getByLabel("Minimum")).toHaveValue("120000");
      await expect(page.getByLabel("Description (Markdown)")).toHaveValue(/## About the role/);
      await expect(page.getByLabel(/^Application page/)).toHaveValue("https://job-boards.greenhouse.io/acme/jobs/4001");
      await page.getByLabel("Job type").selectOption("full-time");
      await page.getByRole("button", { name: "Save draft" }).click();
      // Saved without how people are hired: refused, and the import kept.
      await expect(page.getByText("Some fields need another look").first()).toBeVisible();
      await expect(page.getByLabel("Job title")).toHaveValue("Senior Backend Engineer (Rust)");
      await page.getByRole("checkbox", { name: "Contractor", exact: true }).check();
      await page.getByRole("button", { name: "Save draft" }).click();
      await expect(page).toHaveURL(/\/dashboard\/jobs\/\d+\/preview\?saved=1$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Senior Backend Engineer (Rust)");
      await shot("import-completed");

      // The board page shows it as a posting now, and the dashboard lists it.
      await page.goto("/dashboard/import");
      await page.getByRole("link", { name: "Greenhouse · acme" }).click();
      await expect(page.getByRole("link", { name: "Preview" })).toBeVisible();
      await expect(page.getByRole("checkbox", { name: /Senior Backend Engineer/ })).toHaveCount(0);
      await page.getByRole("button", { name: "Read it again now" }).click();
      await expect(page.getByText("Read again just now.")).toBeVisible();

      // Disconnected, the board goes from the list and the posting stays.
      await page.getByRole("button", { name: "Disconnect this board" }).click();
      await expect(page).toHaveURL(/\/dashboard\/import\?disconnected=1$/);
      await expect(page.getByText("Disconnected. The postings brought in from that board stay")).toBeVisible();
      await expect(page.getByRole("link", { name: "Greenhouse · acme" })).toHaveCount(0);
      await page.goto("/dashboard");
      await expect(statusOf(page, "Senior Backend Engineer \\(Rust\\)")).toHaveText("Draft");
    });
  });
}
