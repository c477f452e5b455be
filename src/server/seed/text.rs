//! The words of the demo data: company names and what they do, titles, and the
//! sentences postings are assembled from. All written for FarCoder.

use crate::model::{Category, Level, Stack, TimezoneWindow, slugify};
use crate::server::seed::rng::Rng;

/// (name, what the company makes).
pub const COMPANIES: &[(&str, &str)] = &[
    ("Tidewater Labs", "tools that let hospitals share scheduling data without a fax machine"),
    ("Quillfeather", "a writing platform for technical documentation teams"),
    ("Lanternfish Analytics", "observability for fleets of deep-sea sensors"),
    ("Cobalt Orchard", "software for independent fruit growers to sell direct"),
    ("Parcelwise", "routing for small delivery co-ops"),
    ("Brightwater Health", "a patient portal for rural clinics"),
    ("Keystroke Commons", "open-source developer tooling with a paid cloud tier"),
    ("Meridian Ledger", "double-entry accounting APIs for marketplaces"),
    ("Foxglove Robotics", "simulation software for warehouse robots"),
    ("Saltmarsh Energy", "demand forecasting for community solar"),
    ("Heronbyte", "a privacy-first analytics product for publishers"),
    ("Ironbark Security", "attack-surface monitoring for mid-sized companies"),
    ("Paperkite", "a design collaboration tool for small studios"),
    ("Northstar Freight", "a freight-booking marketplace for regional carriers"),
    ("Juniper Loop", "a habit-tracking app with two million members"),
    ("Vellum Legal", "contract review software for in-house lawyers"),
    ("Stonecrop Data", "a managed data warehouse for nonprofits"),
    ("Mossgrove Games", "cosy multiplayer games for phones and PCs"),
    ("Clearpath Learning", "adaptive maths practice for secondary schools"),
    ("Ember & Oak", "booking software for independent restaurants"),
    ("Waypoint Maps", "offline-first maps for hikers and rangers"),
    ("Larkspur Pay", "payroll for teams spread across many countries"),
    ("Driftwood Studio", "a headless CMS for magazine publishers"),
    ("Granite Queue", "a hosted job-queue service for developers"),
    ("Pinecone Kitchen", "meal-planning software for care homes"),
    ("Halcyon Audio", "podcast editing in the browser"),
    ("Tessellate", "spreadsheet-style internal tools for operations teams"),
    ("Riverbend Insurance", "usage-based insurance for small fleets"),
    ("Cinder Cloud", "a platform for running stateful services on Kubernetes"),
    ("Openfield Genomics", "pipelines for plant-breeding research"),
    ("Bluebell Travel", "itinerary planning for group trips"),
    ("Sparrowhawk AI", "speech recognition for call-centre quality teams"),
    ("Copperline Telecom", "eSIM provisioning for travellers"),
    ("Harborlight", "a customer-support inbox for e-commerce shops"),
    ("Wildflower Finance", "savings goals and budgeting for young adults"),
    ("Atlas & Anchor", "port logistics and container tracking"),
    ("Quietly", "a focus-time calendar assistant"),
    ("Greenhouse Grid", "sensor networks for vertical farms"),
    ("Beacon Civic", "open-data portals for city governments"),
    ("Lumen Reader", "an e-reader app for public libraries"),
    ("Fernway Mobility", "bike-share fleet management"),
    ("Kestrel Compliance", "SOC 2 and ISO 27001 automation"),
    ("Solstice Studios", "video tools for online course creators"),
    ("Thistle Labs", "feature flags and experimentation for product teams"),
];

pub struct Company {
    pub name: String,
    pub website: String,
    pub about: String,
    pub verified: bool,
}

/// The `i`th company; beyond the written list, numbered variants of it.
pub fn company(i: usize, rng: &mut Rng) -> Company {
    let (base, product) = COMPANIES[i % COMPANIES.len()];
    let name = match i / COMPANIES.len() {
        0 => base.to_owned(),
        n => format!("{base} {}", n + 1),
    };
    let size = rng.range(8, 400);
    let founded = rng.range(2009, 2023);
    let about = format!(
        "{name} builds {product}.\n\nWe are {size} people working remotely since {founded}, \
         with no head office to return to. We write things down, keep meetings short and \
         pay the same band for the same role wherever you live."
    );
    Company { website: format!("https://{}.example.com", slugify(&name)), name, about, verified: rng.chance(70) }
}

/// The stacks a posting in `category` draws from.
pub fn stacks_of(category: Category) -> &'static [Stack] {
    use Stack::*;
    match category {
        Category::Backend => {
            &[Go, Rust, Python, Java, Kotlin, NodeJs, Ruby, Elixir, Php, CSharp, PostgreSql, Kafka, Django, Rails]
        }
        Category::Frontend => &[TypeScript, JavaScript, React, Vue, Angular, GraphQl],
        Category::FullStack => &[TypeScript, NodeJs, React, Vue, Python, Django, Ruby, Rails, PostgreSql, GraphQl],
        Category::Mobile => &[Swift, Kotlin, ReactNative, Flutter, TypeScript],
        Category::DevOps => &[Kubernetes, Terraform, Aws, Gcp, Go, Python],
        Category::DataEngineering => &[Python, Scala, Spark, Kafka, PostgreSql, Aws],
        Category::MachineLearning => &[Python, PyTorch, Spark, Aws, Gcp, Cpp],
        Category::Security => &[Go, Python, Rust, Aws, Kubernetes, Cpp],
        Category::Qa => &[Playwright, TypeScript, JavaScript, Python, Java],
        Category::EngineeringManagement => &[Go, Java, TypeScript, Python, Aws, Kubernetes],
    }
}

/// "Senior Backend Engineer (Go)".
pub fn title(rng: &mut Rng, category: Category, level: Level, lead: Option<Stack>) -> String {
    let prefix = match level {
        Level::Junior => "Junior ",
        Level::Mid => "",
        Level::Senior => "Senior ",
        Level::Staff => "Staff ",
        Level::Principal => "Principal ",
    };
    let role = match category {
        Category::Backend => *rng.pick(&["Backend Engineer", "Backend Developer", "API Engineer"]),
        Category::Frontend => *rng.pick(&["Frontend Engineer", "Frontend Developer", "UI Engineer"]),
        Category::FullStack => *rng.pick(&["Full-Stack Engineer", "Full-Stack Developer", "Product Engineer"]),
        Category::Mobile => *rng.pick(&["Mobile Engineer", "iOS Developer", "Android Developer"]),
        Category::DevOps => *rng.pick(&["DevOps Engineer", "Site Reliability Engineer", "Platform Engineer"]),
        Category::DataEngineering => *rng.pick(&["Data Engineer", "Analytics Engineer", "Data Platform Engineer"]),
        Category::MachineLearning => {
            *rng.pick(&["Machine Learning Engineer", "ML Platform Engineer", "Applied AI Engineer"])
        }
        Category::Security => {
            *rng.pick(&["Security Engineer", "Application Security Engineer", "Cloud Security Engineer"])
        }
        Category::Qa => *rng.pick(&["QA Engineer", "Test Automation Engineer", "Quality Engineer"]),
        Category::EngineeringManagement => {
            *rng.pick(&["Engineering Manager", "Head of Engineering", "Engineering Lead"])
        }
    };
    match lead {
        Some(stack) if category != Category::EngineeringManagement && rng.chance(60) => {
            format!("{prefix}{role} ({})", stack.label())
        }
        _ => format!("{prefix}{role}"),
    }
}

/// A posting's Markdown description.
pub fn description(
    rng: &mut Rng,
    category: Category,
    level: Level,
    stacks: &[Stack],
    company: &str,
    timezone: Option<TimezoneWindow>,
) -> String {
    let stack_list = stacks.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ");
    let opener = *rng.pick(&[
        "We are looking for someone who enjoys finishing things as much as starting them.",
        "This role exists because our customers keep asking for more than we can build.",
        "You would join a small team that owns its work from the first sketch to production.",
        "We hire people who like clear problems, honest feedback and quiet focus.",
    ]);
    let work = match category {
        Category::Backend => {
            "design and run the services and APIs our product stands on, and keep them fast under load"
        }
        Category::Frontend => "build accessible, fast interfaces that people use every working day",
        Category::FullStack => "ship features end to end, from the database schema to the button that uses it",
        Category::Mobile => "build and release our apps, and keep them smooth on old phones and slow networks",
        Category::DevOps => "run our infrastructure as code, own deployments and keep on-call calm",
        Category::DataEngineering => "build the pipelines and models that turn raw events into numbers people trust",
        Category::MachineLearning => "train, evaluate and serve models, and make them cheap enough to run at scale",
        Category::Security => "find weaknesses before attackers do and make the secure way the easy way",
        Category::Qa => "build the automated checks that let us release several times a day without fear",
        Category::EngineeringManagement => "lead a team of engineers, grow their careers and keep delivery predictable",
    };
    let expectation = match level {
        Level::Junior => "You have built a few things on your own or in a course, and you ask good questions.",
        Level::Mid => "You have shipped production software for a couple of years and can carry a feature alone.",
        Level::Senior => "You have led projects through ambiguity and you leave systems simpler than you found them.",
        Level::Staff => "You set technical direction across teams and write the documents others build on.",
        Level::Principal => "You shape the architecture of the whole company and mentor its senior engineers.",
    };
    let overlap = match timezone {
        Some(tz) => format!("We ask for about four hours of overlap with {}.", tz.display()),
        None => "We work asynchronously; there is no fixed overlap window.".to_owned(),
    };
    let perk = *rng.pick(&[
        "A yearly budget for learning and a home-office allowance.",
        "Four weeks of paid leave plus local public holidays.",
        "Paid parental leave of sixteen weeks for every parent.",
        "A company retreat once a year somewhere with good coffee.",
    ]);
    format!(
        "{opener}\n\n## What you will do\n\nAt {company} you will {work}. Day to day you will work with {stack_list}.\n\n\
         ## What we look for\n\n- {expectation}\n- Experience with {stack_list}, or the will to learn them quickly.\n\
         - Clear written English: most of our discussion happens in writing.\n\n\
         ## How we work\n\n{overlap} Reviews are thorough and kind, and nobody is paged for a problem they cannot fix.\n\n\
         ## Benefits\n\n- {perk}\n- The salary range above is the real one.\n"
    )
}
