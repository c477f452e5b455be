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
