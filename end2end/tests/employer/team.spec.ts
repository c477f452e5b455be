import { test, expect } from "@playwright/test";
import { PASSWORD, linkIn, mailTo, ownAddress, signUp, uniqueEmail } from "./helpers";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("an owner invites a teammate, who joins the same company and is later removed", async ({ browser }) => {
      const company = `Tandem Labs ${javaScriptEnabled ? "JS" : "Plain"}`;
      const owner = await browser.newPage({ javaScriptEnabled });
      await signUp(owner, uniqueEmail("owner"), company);
      await owner.getByRole("link", { name: "Company profile and team" }).click();
      const teammate = uniqueEmail("teammate");
      await owner.getByLabel("Invite a teammate by e-mail").fill(teammate);
      await owner.getByRole("button", { name: "Send invitation" }).click();
      await expect(owner.getByText("Invitation sent.")).toBeVisible();
      await expect(owner.locator(".team", { hasText: teammate })).toBeVisible();

      const mail = await mailTo(teammate, `Join ${company} on FarCoder`);
      const guest = await browser.newPage({ javaScriptEnabled });
      await ownAddress(guest);
      await guest.goto(linkIn(mail, "/join?token="));
      await expect(guest.getByRole("heading", { level: 1 })).toHaveText(`Join ${company} on FarCoder`);
      await guest.getByLabel("Password").fill(PASSWORD);
      await guest.getByRole("button", { name: "Join the team" }).click();
      await expect(guest).toHaveURL(/\/dashboard$/);
      await expect(guest.getByRole("heading", { level: 1 })).toHaveText(company);

      await guest.getByRole("link", { name: "Company profile and team" }).click();
      await expect(guest.getByText("The account that created the company invites teammates.")).toBeVisible();
      await expect(guest.getByLabel("Invite a teammate by e-mail")).toHaveCount(0);
      await expect(guest.getByRole("button", { name: /^Remove/ })).toHaveCount(0);

      // The owner removes the teammate, whose very next request is signed out.
      await owner.reload();
      await owner.getByRole("button", { name: `Remove: ${teammate}` }).click();
      await expect(owner.getByText("Removed from the team. Their sessions have ended.")).toBeVisible();
      await expect(owner.locator(".team", { hasText: teammate })).toHaveCount(0);
      await guest.goto("/dashboard");
      await expect(guest).toHaveURL(/\/login\?next=\/dashboard/);
    });
  });
}
