import { test, expect } from "@playwright/test";
import { ownAddress, signInAsNewModerator, signUp, submitPosting, uniqueEmail } from "../employer/helpers";

/** A small, whole PDF: what a CV upload is checked to be. */
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a candidate applies, the employer answers, and the candidate sees the answer", async ({ page, browser }) => {
      const stamp = `${javaScriptEnabled ? "js" : "plain"}${Date.now()}`;
      const title = `Parser Engineer ${stamp}`;
      const candidateEmail = uniqueEmail("candidate");

      // The employer posts a job that takes applications on FarCoder; a moderator approves it.
      await signUp(page, uniqueEmail("hiring"), `Syntax ${stamp}`);
      await submitPosting(page, title, "");
      const moderator = await browser.newPage({ javaScriptEnabled });
      await signInAsNewModerator(moderator);
      await moderator.getByRole("button", { name: `Approve ${title}` }).click();
      await expect(moderator.getByRole("button", { name: `Approve ${title}` })).toHaveCount(0);
      await moderator.close();

      // The candidate finds it and applies; a bad file is refused first.
      const candidate = await browser.newPage({ javaScriptEnabled });
      await ownAddress(candidate);
      await candidate.goto(`/jobs?q=${encodeURIComponent(stamp)}`);
      await candidate.getByRole("link", { name: title }).click();
      await candidate.getByRole("link", { name: "Apply on FarCoder" }).click();
      await candidate.getByLabel("Your name").fill("Grace Hopper");
      await candidate.getByLabel("E-mail").fill(candidateEmail);
      await candidate.getByLabel("Country you live in").selectOption({ label: "Portugal" });
      await candidate.getByLabel("GitHub profile (optional)").fill("https://github.com/grace");
      await candidate.getByLabel("Cover note (optional)").fill(`I write parsers for fun (${stamp}).`);
      await candidate
        .getByLabel("CV (PDF, at most 5 MB)")
        .setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: Buffer.from("not a pdf at all") });
      await candidate.getByRole("button", { name: "Send application" }).click();
      await expect(candidate.getByText("Your CV must be a PDF file.")).toBeVisible();
      await expect(candidate.getByLabel("Your name")).toHaveValue("Grace Hopper");
      // What was typed came back from the server, not through the address bar.
      expect(candidate.url()).toContain("apply=refused");
      for (const typed of ["Grace", "grace", "parsers", encodeURIComponent(candidateEmail)]) {
        expect(candidate.url()).not.toContain(typed);
      }
      if (javaScriptEnabled) {
        // A file over 5 MB is refused before any of it is sent; the form stays.
        const sixMb = Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024, 32)]);
        await candidate
          .getByLabel("CV (PDF, at most 5 MB)")
          .setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: sixMb });
        await candidate.getByRole("button", { name: "Send application" }).click();
        await expect(candidate.getByText("Your CV is larger than 5 MB. Choose a smaller PDF")).toBeVisible();
        await expect(candidate.getByLabel("Cover note (optional)")).toHaveValue(`I write parsers for fun (${stamp}).`);
      }
      await candidate
        .getByLabel("CV (PDF, at most 5 MB)")
        .setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: PDF });
      // Hydrated, the page sends the form itself to show the upload's progress.
      const sentByScript = candidate.waitForRequest(
        (r) => r.method() === "POST" && r.url().endsWith("/applications") && r.resourceType() === "xhr",
        { timeout: 5_000 },
      );
      await candidate.getByRole("button", { name: "Send application" }).click();
      if (javaScriptEnabled) await sentByScript;
      else sentByScript.catch(() => {}); // a plain form post is a document request
      await expect(candidate).toHaveURL(/\/applications\/[^/?]+\?sent=1$/);
      await expect(candidate.getByText("Your application was sent.")).toBeVisible();
      await expect(candidate.locator(".application-status")).toHaveText("Status: New");
      const statusPage = new URL(candidate.url()).pathname;

      // The employer reads it and says no, kindly.
      await page.goto("/dashboard");
      await page.getByRole("link", { name: `Applications for ${title}` }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Applications: ${title}`);
      await page.getByRole("link", { name: "Grace Hopper" }).click();
      await expect(page.getByText(`I write parsers for fun (${stamp}).`)).toBeVisible();
      await page.getByLabel(/^Message to the candidate/).fill("Thank you. We chose someone with more C++ this time.");
      await page.getByRole("button", { name: "Move to “Not moving forward”" }).click();
      await expect(page.locator(".application-status")).toHaveText("Status: Not moving forward");

      // The candidate's page says so, with the message.
      await candidate.goto(statusPage);
      await expect(candidate.locator(".application-status")).toHaveText("Status: Not moving forward");
      await expect(candidate.getByText("We chose someone with more C++ this time.")).toBeVisible();
    });
  });
}
