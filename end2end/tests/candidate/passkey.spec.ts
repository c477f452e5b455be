import { test, expect, type Page } from "@playwright/test";
import { uniqueEmail } from "../employer/helpers";
import { signInAsSeeker } from "./helpers";

// Browsers take no IP address as a passkey's site: these journeys use the
// server's `localhost` name.
const local = (process.env.FARCODER_E2E_URL ?? "http://127.0.0.1:3000").replace("127.0.0.1", "localhost");
test.use({ baseURL: local });

/** Chromium's virtual authenticator (DevTools' WebAuthn domain): a platform
 * authenticator that keeps discoverable credentials and verifies its user. */
async function virtualAuthenticator(page: Page): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send("WebAuthn.enable");
  await devtools.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

for (const [size, viewport] of [
  ["phone", { width: 390, height: 844 }],
  ["desktop", { width: 1280, height: 800 }],
] as const) {
  test(`a seeker adds a passkey and signs in with it, no code (${size})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
    page.on("console", (message) => console.log(`console: ${message.text()}`));
    const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${size}-${name}.png`), fullPage: true });
    await virtualAuthenticator(page);
    const email = uniqueEmail("passkey");
    await signInAsSeeker(page, email);

    await page.getByRole("link", { name: "Profile" }).click();
    await expect(page.getByText("No passkeys yet.")).toBeVisible();
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page.getByText("Your passkey was added.")).toBeVisible();
    await expect(page.locator(".passkey-list li")).toHaveCount(1);
    await shot("passkey-added");

    // Signed out, the passkey signs in with nothing typed.
    await page.goto("/me");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.goto("/me");
    await expect(page).toHaveURL(/\/me\/signin/);
    await shot("signin-with-passkey");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your applications" })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}.`)).toBeVisible();

    // Its dates show, and Remove takes it off the account.
    await page.goto("/me/profile#passkeys");
    await expect(page.locator(".passkey-list li")).toContainText("last used");
    await page.getByRole("button", { name: /^Remove the passkey added/ }).click();
    await expect(page.getByText("No passkeys yet.")).toBeVisible();

    // The device still holds the passkey, the account no longer: it signs
    // no one in, says so, and the code still works.
    await page.goto("/me");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.goto("/me/signin");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByText("FarCoder does not know this passkey. Sign in with a code, then add it again.")).toBeVisible();
    await shot("passkey-unknown");
    await expect(page.getByRole("button", { name: "E-mail me a code" })).toBeVisible();
  });
}

test("without JavaScript there is no passkey button, only the code", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: local });
  const page = await context.newPage();
  await page.goto("/me/signin");
  await expect(page.getByRole("button", { name: "E-mail me a code" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeHidden();
  await context.close();
});
