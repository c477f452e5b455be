import { test, expect } from "@playwright/test";
import { linkIn, mailTo, ownAddress, publishVerifiedPosting, uniqueEmail } from "../employer/helpers";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a visitor subscribes to a search, confirms from the mail, gets the digest and unsubscribes", async ({ page, browser }) => {
      test.setTimeout(120_000);
      const stamp = `alert${javaScriptEnabled ? "js" : "plain"}${Date.now()}`;
      const email = uniqueEmail("seeker");
      const title = `Lantern Queue Engineer ${stamp}`;

      // Subscribe from the search itself, beside its RSS feed.
      await ownAddress(page);
      await page.goto(`/jobs?q=${stamp}&verified=1`);
      const signup = page.locator("#alert");
      await expect(signup.getByRole("heading", { name: "E-mail me new jobs like these" })).toBeVisible();
      await expect(signup.getByRole("link", { name: "RSS" })).toHaveAttribute("href", `/jobs/feed.xml?q=${stamp}&verified=1`);
      await signup.getByLabel("Your e-mail address").fill(email);
      await signup.getByLabel("How often").selectOption("instant");
      await signup.getByRole("button", { name: "Create alert" }).click();
      await expect(page.getByText("Check your inbox: we sent a link to confirm this alert.")).toBeVisible();

      // Double opt-in: the link read from the SMTP server turns it on.
      const confirmation = await mailTo(email, "Confirm the alert here");
      await page.goto(linkIn(confirmation, "/alerts/confirm?"));
      await expect(page.getByRole("heading", { name: "Confirm your job alert" })).toBeVisible();
      await page.getByRole("button", { name: "Turn the alert on" }).click();
      await expect(page.getByText("Your alert is on")).toBeVisible();

      // A verified company's matching posting goes live; the digest follows.
      await publishVerifiedPosting(await browser.newPage({ javaScriptEnabled }), browser, javaScriptEnabled, stamp, title);
      const digest = await mailTo(email, title, 60_000);
      expect(digest).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
      const unsubscribe = linkIn(digest, "/alerts/unsubscribe?");
      const manage = linkIn(digest, "/alerts/manage?");

      if (javaScriptEnabled) {
        // One click, as a mail client does it: a POST, no page in between.
        const response = await page.request.post(unsubscribe, {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          data: "List-Unsubscribe=One-Click",
        });
        expect(response.status()).toBe(200);
      } else {
        await page.goto(unsubscribe);
        await page.getByRole("button", { name: "Unsubscribe" }).click();
        await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
      }
      await page.goto(manage);
      await expect(page.getByText("No alerts left.")).toBeVisible();
    });
  });
}
