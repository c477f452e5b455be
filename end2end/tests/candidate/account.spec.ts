import { test, expect } from "@playwright/test";
import { mailTo, ownAddress, signInAsNewModerator, signUp, submitPosting, uniqueEmail } from "../employer/helpers";
import { PDF, codeFrom, signInAsSeeker } from "./helpers";

// With JavaScript on a desktop, and without it on a phone: each journey at a size.
for (const [javaScriptEnabled, viewport] of [
  [true, { width: 1280, height: 800 }],
  [false, { width: 390, height: 844 }],
] as const) {
  test.describe(`${javaScriptEnabled ? "with" : "without"} JavaScript at ${viewport.width} px`, () => {
    test.use({ javaScriptEnabled, viewport });

    test("a seeker signs in with a code, fills the profile, applies in one click, tracks it and deletes everything", async ({ page, browser }) => {
      const stamp = `${javaScriptEnabled ? "js" : "plain"}${Date.now()}`;
      const title = `Type Checker Engineer ${stamp}`;
      const email = uniqueEmail("seeker");
      const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${viewport.width}-${name}.png`), fullPage: true });

      // A job that takes applications on FarCoder, approved.
      const employer = await browser.newPage({ javaScriptEnabled });
      await signUp(employer, uniqueEmail("hiring"), `Inference ${stamp}`);
      await submitPosting(employer, title, "");
      const moderator = await browser.newPage({ javaScriptEnabled });
      await signInAsNewModerator(moderator);
      await moderator.getByRole("button", { name: `Approve ${title}` }).click();
      await expect(moderator.getByRole("button", { name: `Approve ${title}` })).toHaveCount(0);
      await moderator.close();

      // Signing in: a wrong code first, then the right one.
      await ownAddress(page);
      await page.goto("/me");
      await expect(page).toHaveURL(/\/me\/signin\?next=\/me$/);
      await shot("signin");
      await page.getByLabel("E-mail").fill(email);
      await page.getByRole("button", { name: "E-mail me a code" }).click();
      const typeIt = page.getByRole("link", { name: "Type it here" });
      await expect(typeIt.or(page.getByLabel("Code"))).toBeVisible();
      if (await typeIt.isVisible()) await typeIt.click();
      const code = await codeFrom(email, "Your code to sign in");
      await page.getByLabel("Code").fill(code === "000000" ? "111111" : "000000");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText("That code is not right")).toBeVisible();
      await shot("wrong-code");
      await page.getByLabel("Code").fill(code);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your applications" })).toBeVisible();
      await expect(page.getByText("No applications yet")).toBeVisible();
      await shot("tracker-empty");

      // The profile: a bad link is refused with everything kept, then saved with a CV.
      await page.getByRole("link", { name: "Profile" }).click();
      await page.getByLabel("Your name").fill("Grace Hopper");
      await page.getByLabel("Headline (optional)").fill("Compilers, type systems and a 5,000-line test suite");
      await page.getByLabel("Country you live in").selectOption({ label: "Portugal" });
      await page.getByLabel("Your time zone (UTC offset)").selectOption("+00:00");
      await page.getByLabel("GitHub profile (optional)").fill("https://gitlab.com/grace");
      await page.getByLabel("Amount a year").fill("120000");
      await page.getByLabel("Currency").selectOption("EUR");
      await page.getByLabel("Countries where you may be employed without a visa").selectOption(["pt", "es"]);
      await page.getByLabel("CV (PDF, at most 5 MB)").setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.getByRole("button", { name: "Save profile" }).click();
      await expect(page.getByText("Give the full address of your GitHub profile")).toBeVisible();
      await expect(page.getByLabel("Your name")).toHaveValue("Grace Hopper");
      await expect(page.getByLabel("Amount a year")).toHaveValue("120000");
      await shot("profile-refused");
      await page.getByLabel("GitHub profile (optional)").fill("https://github.com/grace");
      await page.getByLabel("CV (PDF, at most 5 MB)").setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.getByRole("button", { name: "Save profile" }).click();
      await expect(page.getByText("Your profile was saved.")).toBeVisible();
      await expect(page.getByText(/A CV is on file/)).toBeVisible();
      await shot("profile-saved");

      // One click: the form comes filled; sent without a file, the CV on file goes.
      await page.goto(`/jobs?q=${encodeURIComponent(stamp)}`);
      await page.getByRole("link", { name: title }).click();
      await expect(page.getByText("Filled in from")).toBeVisible();
      await expect(page.getByLabel("Your name")).toHaveValue("Grace Hopper");
      await expect(page.getByLabel("E-mail")).toHaveValue(email);
      await page.getByLabel("Cover note (optional)").fill("I would like to make your checker fast.");
      await shot("apply-filled");
      await page.getByRole("button", { name: "Send application" }).click();
      await expect(page).toHaveURL(/\/applications\/[^/?]+\?sent=1$/);
      await expect(page.getByText("Your application was sent.")).toBeVisible();
      expect(await mailTo(email, "It is on your tracker too")).toContain(`Application sent: ${title}`);

      // The tracker shows it; the employer answers; the tracker tells.
      await page.goto("/me");
      await expect(page.getByRole("link", { name: title })).toBeVisible();
      await expect(page.locator(".tracked .status").first()).toHaveText("New");
      await employer.goto("/dashboard/applications");
      await employer.getByRole("link", { name: "Grace Hopper" }).click();
      await employer.getByLabel(/^Message to the candidate/).fill("We would like to talk on Tuesday.");
      await employer.getByRole("button", { name: "Move to “Interviewing”" }).click();
      await expect(employer.locator(".application-status")).toHaveText("Status: Interviewing");
      const told = await mailTo(email, "Your application for");
      expect(told).toContain("/me");
      await page.goto("/me");
      await expect(page.locator(".tracked .status").first()).toHaveText("Interviewing");
      await expect(page.getByText("We would like to talk on Tuesday.")).toBeVisible();
      await shot("tracker");

      // Download, then delete everything with a fresh code.
      await page.getByRole("link", { name: "Your data" }).click();
      const download = await page.request.get("/me/data.json");
      expect(download.status()).toBe(200);
      const data = await download.json();
      expect(data.email).toBe(email);
      expect(data.applications[0].job_title).toBe(title);
      await page.getByRole("button", { name: "Send me a code to delete everything" }).click();
      await expect(page.getByText(`We sent a code to ${email}`)).toBeVisible();
      await shot("erase-code");
      await page.getByLabel("Code").fill(await codeFrom(email, "to delete your FarCoder account"));
      await page.getByRole("button", { name: "Delete everything now" }).click();
      await expect(page.getByRole("heading", { name: "Everything is deleted" })).toBeVisible();
      await shot("erased");
      await page.goto("/me");
      await expect(page).toHaveURL(/\/me\/signin/);

      // The employer's inbox no longer has it, and the team was told.
      await employer.goto("/dashboard/applications");
      await expect(employer.getByText("Grace Hopper")).toHaveCount(0);
      await employer.close();
    });
  });
}
