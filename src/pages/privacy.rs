//! `/privacy`: what FarCoder stores, who sees it, and how long it stays.

use leptos::prelude::*;

use crate::components::PageMeta;
use crate::model::{RESPONSE_DAYS, RETENTION_DAYS, UNANSWERED_DAYS};

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <PageMeta title="Privacy" description="What FarCoder stores about you, who sees it, and how long it stays." path="/privacy"/>
        <article class="container narrow prose privacy">
            <h1>"Privacy"</h1>
            <p>"FarCoder stores what it needs to run a job board, shows it only to the people it is for, and deletes it when it is no longer needed. We sell nothing and run no advertising trackers."</p>

            <h2>"If you apply for a job"</h2>
            <p>"When you apply through FarCoder’s form we store your name, e-mail address, country, the profile links you give, your cover note and your CV (a PDF)."</p>
            <ul>
                <li><strong>"Who sees it: "</strong>"the team of the company whose posting you applied to, and nobody else. Other companies, other candidates and visitors never do. Your CV is only ever sent to that team as a download."</li>
                <li><strong>"What you see: "</strong>"your private link shows the status of your application and any message the company sends with a change of status. The company’s private notes about you stay with the company."</li>
                <li><strong>"Withdrawing: "</strong>"from your private link you can withdraw at any time. That deletes your application, its history and your CV at once; the company is told you withdrew."</li>
                <li><strong>"How long: "</strong>{format!("applications and CVs are deleted automatically {RETENTION_DAYS} days after the posting closes (when it is closed, expires or is taken down).")}</li>
                <li><strong>"Answers: "</strong>{format!("companies see applications that waited more than {UNANSWERED_DAYS} days without an answer, and once a company has enough applications, its pages show how many it answered within {RESPONSE_DAYS} days. That figure is a count; it names nobody.")}</li>
            </ul>

            <h2>"If you have a seeker’s account"</h2>
            <p>"An account is optional: everything on FarCoder works without one. It has no password; we e-mail you a code (and a link) each time you sign in."</p>
            <ul>
                <li><strong>"What we keep: "</strong>"your e-mail address, the profile you fill in (name, country, time zone, headline, links, desired salary, where you may be employed and whether you need a visa), the CV you put on file, your saved jobs, the jobs you marked “I applied”, and your applications."</li>
                <li><strong>"Who sees it: "</strong>"you. Your profile is private: a company sees only what you send with an application, as you sent it; changing your profile later changes no application."</li>
                <li><strong>"Signing in: "</strong>"a code works for 15 minutes, once, and only in the browser that asked for it; we keep a keyed hash of it, never the code. Your session is a random id in one cookie; it ends when you sign out, after 14 days unused, or after 30 days."</li>
                <li><strong>"Passkeys: "</strong>"if you add one, we keep its public key, its use counter and a random id your device keeps for the account (never your address); your fingerprint or face never leaves your device. We e-mail you when one is added."</li>
                <li><strong>"Your silence report: "</strong>"your tracker tells you when a company has not answered past what it promised. The response rate on its pages counts that, as a number, naming nobody."</li>
                <li><strong>"Taking it with you: "</strong>"“Your data” downloads everything the account holds as a JSON file, with each CV."</li>
                <li><strong>"Deleting it: "</strong>"“Delete everything”, confirmed with a fresh code, deletes the account, profile, passkeys, CVs, every application sent signed in or from your address (each company is told you deleted yours), saved jobs, alerts to your address and the e-mails we sent you, at once. Nothing of it stays in our logs or audit entries."</li>
            </ul>

            <h2>"If you post jobs"</h2>
            <p>"We store your e-mail address, a salted Argon2 hash of your password (never the password), your company’s profile and logo, your postings, and the members of your team. Signing in sets one cookie holding a random session id; the session itself lives on our servers and ends when you sign out or reset your password."</p>
            <p>"Moderators see postings, company profiles and verification requests in order to keep the board honest. What they decide, and why, is kept in an audit log that cannot be edited."</p>

            <h2>"If you read the board"</h2>
            <p>"Reading needs no account and sets no cookie. To count views and apply clicks for employers, we keep a one-way digest of the day, your IP address and your browser’s name, once per posting and day; the address and browser name themselves are not stored. A report you send about a posting is kept with a similar digest, so one person counts once."</p>

            <h2>"E-mail"</h2>
            <p>"We e-mail you only about what you did on FarCoder: confirmations, links you asked for, answers to your application, and for employers, news about their postings."</p>

            <h2>"Questions"</h2>
            <p>"Write to the address on our company page. We answer every request to see, correct or delete what we hold about you."</p>
        </article>
    }
}
