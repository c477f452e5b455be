import { test, expect } from "@playwright/test";
import { hydrated } from "../public/helpers";
import { PASSWORD, linkIn, mailTo, ownAddress, requestAccount, signIn, signUp, uniqueEmail } from "./helpers";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("an employer signs up, confirms the address, signs out and in again", async ({ page }) => {
      const email = uniqueEmail(javaScriptEnabled ? "js" : "nojs");
      await ownAddress(page);
      await requestAccount(page, email, "Orbital Tea Co");
      // Until the address is confirmed, the account does nothing.
      await page.goto("/login");
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText("Confirm your e-mail address first")).toBeVisible();

      const mail = await mailTo(email, "Confirm your e-mail address");
      // Opening the link, as a mail scanner does, confirms nothing: the button does.
      await page.goto(linkIn(mail, "/confirm?token="));
      await expect(page.getByRole("heading", { name: "Confirm your e-mail address" })).toBeVisible();
      await page.getByRole("button", { name: "Confirm my address" }).click();
      await expect(page.getByRole("heading", { name: "Your address is confirmed" })).toBeVisible();
      await signIn(page, email, "Orbital Tea Co");

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/$/);
      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/login\?next=\/dashboard/);

      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText("do not match an account")).toBeVisible();
      // The address stays; only the password is asked again.
      await expect(page.getByLabel("E-mail")).toHaveValue(email);
      await expect(page.getByLabel("Password")).toHaveValue("");

      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Orbital Tea Co");
    });

    test("a forgotten password is reset through the e-mailed link", async ({ page }) => {
      const email = uniqueEmail(javaScriptEnabled ? "reset-js" : "reset-nojs");
      await signUp(page, email, "Lattice Kites");
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/$/);

      await page.goto("/login");
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByLabel("E-mail").fill(email);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.getByText("If an account exists for that address")).toBeVisible();

      const mail = await mailTo(email, "Reset your FarCoder password");
      await page.goto(linkIn(mail, "/reset?token="));
      await page.getByLabel("New password").fill("an entirely new passphrase");
      await page.getByRole("button", { name: "Save and sign in" }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lattice Kites");
    });
  });
}

test("the sign-up form checks fields as you type", async ({ page }) => {
  await page.goto("/signup");
  await hydrated(page);
  const email = page.getByLabel("Work e-mail");
  await email.fill("not-an-address");
  await email.blur();
  await expect(page.locator("#email-error")).toHaveText("Enter an e-mail address like name@example.com.");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await email.fill("ada@example.com");
  await expect(page.locator("#email-error")).toHaveText("");
  const password = page.getByLabel("Password");
  await password.fill("short");
  await password.blur();
  await expect(page.locator("#password-error")).toHaveText("Use at least 10 characters.");
});
