//! The demo network: a fictional but realistic set of organisations, offerings and one
//! account per role. Idempotent: nothing is added when the demo admin exists.

use crate::entities::stored::Stored;
use chrono::Utc;
use migraup_domain::{FieldVisibility, Lang, OrganisationKind as K, Role, UserStatus, Visibility, error::DomainResult, validate};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::{
    Actor, Core,
    accounts::insert_membership,
    actor::ActorUser,
    entities::{district, membership, topic, user},
    errors::{DbResultExt, unique_or_internal},
    events::EventInput,
    offerings::OfferingInput,
    organisations::OrganisationInput,
    projects::ProjectInput,
    sessions::user_view,
    views::User,
};

/// The demo accounts: e-mail, display name, role, password (stated in the README).
pub const DEMO_ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    ("admin@demo.migraup.org", "Koordination (Demo)", Role::Admin, "demo-koordination-2026"),
    ("verwaltung@demo.migraup.org", "Bezirksamt (Demo)", Role::Administration, "demo-verwaltung-2026"),
    ("vertretung@demo.migraup.org", "Amina Haddad (Demo)", Role::MoRepresentative, "demo-vertretung-2026"),
    ("multiplikatorin@demo.migraup.org", "Lan Nguyen (Demo)", Role::Multiplier, "demo-multiplikatorin-2026"),
    ("beirat@demo.migraup.org", "Integrationsbeirat (Demo)", Role::Council, "demo-beirat-2026"),
    // A second representative and a second multiplier, so that joint planning and the
    // waitlist can be tried (and tested) with the demo data alone.
    ("vertretung2@demo.migraup.org", "Yusuf Al-Khatib (Demo)", Role::MoRepresentative, "demo-vertretung2-2026"),
    ("multiplikator@demo.migraup.org", "Jonas Weber (Demo)", Role::Multiplier, "demo-multiplikator-2026"),
];

/// (name, kind, legal form, founded, Ortsteil index, topics, languages, members-only, verified, description)
type DemoOrg =
    (&'static str, K, Option<&'static str>, Option<i32>, usize, &'static [&'static str], &'static [&'static str], bool, bool, &'static str);

const ORGANISATIONS: &[DemoOrg] = &[
    (
        "Brücke der Kulturen e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2009),
        8,
        &["culture", "multilingualism", "youth"],
        &["de", "ar", "tr"],
        false,
        true,
        "Migrantische Selbstorganisation mit Kulturcafé, Hausaufgabenhilfe und mehrsprachiger Erstberatung.",
    ),
    (
        "Syrisches Haus Weißensee e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2016),
        11,
        &["flight-asylum", "counselling", "family"],
        &["ar", "de", "ku"],
        false,
        true,
        "Von Geflüchteten gegründeter Verein: Begleitung zu Behörden, Rechtsberatung mit Partneranwältinnen, Familiennachmittage.",
    ),
    (
        "Vietnamesischer Familienverein Nord e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(1994),
        7,
        &["family", "seniors", "multilingualism"],
        &["vi", "de"],
        false,
        true,
        "Seit den Neunzigern Anlaufstelle für vietnamesische Familien; Seniorentreff und zweisprachige Elternarbeit.",
    ),
    (
        "Ukrainische Nachbarschaft Pankow",
        K::InformalNetwork,
        None,
        Some(2022),
        7,
        &["flight-asylum", "housing", "education"],
        &["uk", "ru", "de"],
        false,
        true,
        "Informelles Netzwerk ukrainischer Geflüchteter und Nachbar*innen: Wohnungssuche, Schulplätze, Sprachtandems.",
    ),
    (
        "Afghanischer Frauenkreis",
        K::InformalNetwork,
        None,
        Some(2018),
        11,
        &["women", "empowerment", "health"],
        &["fa", "ps", "de"],
        true,
        true,
        "Geschützter Treffpunkt afghanischer Frauen; Gesundheits- und Empowerment-Workshops.",
    ),
    (
        "Queer Refugees Support Nord",
        K::Initiative,
        None,
        Some(2017),
        8,
        &["lgbtiq", "flight-asylum", "counselling"],
        &["en", "ar", "fa", "de"],
        true,
        true,
        "Peer-Beratung und sichere Räume für queere Geflüchtete.",
    ),
    (
        "Türkischer Elternverein Prenzlauer Berg e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(1988),
        8,
        &["education", "family", "multilingualism"],
        &["tr", "de", "ku"],
        false,
        true,
        "Elternbildung, Schulbegleitung und herkunftssprachlicher Unterricht.",
    ),
    (
        "Polnischer Kulturverein Wisła e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2001),
        12,
        &["culture", "seniors"],
        &["pl", "de"],
        false,
        true,
        "Lesungen, Chor und Nachbarschaftsfeste mit polnischen und deutschen Nachbar*innen.",
    ),
    (
        "Eritreische Gemeinschaft Buch e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2015),
        2,
        &["flight-asylum", "youth", "culture"],
        &["ti", "am", "de"],
        false,
        true,
        "Jugendgruppe, Feste und Begleitung im Alltag für Familien aus Eritrea und Äthiopien.",
    ),
    (
        "Russischsprachige Eltern Karow",
        K::InformalNetwork,
        None,
        Some(2012),
        5,
        &["family", "education"],
        &["ru", "uk", "de"],
        false,
        true,
        "Elternnetzwerk mit Spielgruppe und Austausch über Schule und Kita.",
    ),
    (
        "Kurdisches Zentrum für Bildung e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2005),
        4,
        &["education", "civic-participation", "anti-discrimination"],
        &["ku", "tr", "ar", "de"],
        false,
        true,
        "Bildungsarbeit, Demokratieprojekte und Antidiskriminierungsworkshops.",
    ),
    (
        "BIPoC Empowerment Kollektiv",
        K::Initiative,
        None,
        Some(2020),
        8,
        &["bipoc-participation", "empowerment", "anti-discrimination"],
        &["en", "de", "fr"],
        false,
        true,
        "Kollektiv Schwarzer Menschen und People of Color: Empowerment-Räume, Workshops und politische Bildung.",
    ),
    (
        "Afrikanischer Dachverband Nordost e.V.",
        K::Network,
        Some("e.V."),
        Some(2011),
        11,
        &["bipoc-participation", "civic-participation", "culture"],
        &["fr", "en", "pt", "de"],
        false,
        true,
        "Dachverband afrikanischer Vereine im Nordosten Berlins.",
    ),
    (
        "Arabisches Frauencafé Wilhelmsruh",
        K::Initiative,
        None,
        Some(2019),
        12,
        &["women", "multilingualism", "health"],
        &["ar", "de"],
        false,
        true,
        "Wöchentliches Frauencafé mit Kinderbetreuung und Gesundheitsinformationen.",
    ),
    (
        "Balkan Brücke e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2013),
        0,
        &["culture", "youth", "work"],
        &["sr", "sq", "de"],
        false,
        true,
        "Jugend- und Kulturarbeit für Familien aus Südosteuropa, Bewerbungstraining.",
    ),
    (
        "Rumänisch-Bulgarische Nachbarschaftshilfe",
        K::InformalNetwork,
        None,
        Some(2017),
        4,
        &["work", "housing", "counselling"],
        &["ro", "bg", "de"],
        false,
        true,
        "Hilfe bei Arbeitsrecht, Wohnungssuche und Behördenpost.",
    ),
    (
        "Lateinamerikanisches Forum Pankow e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2008),
        7,
        &["culture", "women", "multilingualism"],
        &["es", "pt", "de"],
        false,
        true,
        "Kultur, Frauengruppe und spanischsprachige Kinderbücherei.",
    ),
    (
        "Somalische Jugend Berlin-Nord",
        K::InformalNetwork,
        None,
        Some(2021),
        2,
        &["youth", "sport", "education"],
        &["so", "de", "en"],
        false,
        true,
        "Fußball, Nachhilfe und Mentoring für somalische Jugendliche.",
    ),
    (
        "Georgisch-Armenischer Kulturkreis",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2014),
        9,
        &["culture", "seniors"],
        &["ka", "hy", "ru", "de"],
        false,
        true,
        "Musikabende, Sprachkurse für Kinder und Seniorentreff.",
    ),
    (
        "Iranische Gemeinde Niederschönhausen e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(1999),
        6,
        &["culture", "civic-participation", "women"],
        &["fa", "de"],
        false,
        true,
        "Kulturprogramm, Frauenrechtsarbeit und Beteiligung an der Bezirkspolitik.",
    ),
    (
        "Chinesischer Elternverein Nord e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2010),
        8,
        &["education", "family"],
        &["zh", "de"],
        false,
        true,
        "Wochenendschule Chinesisch, Elternabende zum Berliner Schulsystem.",
    ),
    (
        "Netzwerk Mehrsprachigkeit Pankow",
        K::Network,
        None,
        Some(2018),
        7,
        &["multilingualism", "education"],
        &["de", "en"],
        false,
        true,
        "Zusammenschluss von Kitas, Schulen und Vereinen für mehrsprachige Bildung.",
    ),
    (
        "Willkommensbündnis Buch",
        K::Initiative,
        None,
        Some(2015),
        2,
        &["flight-asylum", "housing", "sport"],
        &["de", "ar", "fa", "en"],
        false,
        true,
        "Ehrenamtliche Initiative rund um die Gemeinschaftsunterkunft in Buch.",
    ),
    (
        "Willkommen in Heinersdorf",
        K::Initiative,
        None,
        Some(2016),
        4,
        &["flight-asylum", "education"],
        &["de", "en", "ar"],
        false,
        true,
        "Nachbarschaftsinitiative mit Sprachcafé und Patenschaften.",
    ),
    (
        "Nachbarschaftshaus Blankenburg",
        K::WelfareProvider,
        Some("gGmbH"),
        Some(2003),
        0,
        &["family", "seniors", "inclusion"],
        &["de", "en", "ru"],
        false,
        true,
        "Stadtteilzentrum mit Familienbildung, Beratung und offenen Treffs.",
    ),
    (
        "Stadtteilzentrum Karow-Nord",
        K::WelfareProvider,
        Some("e.V."),
        Some(1997),
        5,
        &["family", "youth", "inclusion"],
        &["de", "tr", "ar"],
        false,
        true,
        "Kinder- und Jugendfreizeit, Familienberatung, Nachbarschaftsfeste.",
    ),
    (
        "Migrationsberatung Nordost (Diakonie)",
        K::WelfareProvider,
        Some("e.V."),
        Some(1990),
        7,
        &["counselling", "flight-asylum", "work"],
        &["de", "ar", "fa", "ru", "en"],
        false,
        true,
        "Migrationsberatung für Erwachsene (MBE) und Jugendmigrationsdienst.",
    ),
    (
        "Caritas Integrationsdienst Weißensee",
        K::WelfareProvider,
        Some("e.V."),
        Some(1992),
        11,
        &["counselling", "housing", "health"],
        &["de", "pl", "ro", "bg", "en"],
        false,
        true,
        "Sozial- und Schuldnerberatung, Wohnungsnotfallhilfe.",
    ),
    (
        "Frauenhaus-Beratungsstelle Nord",
        K::WelfareProvider,
        None,
        Some(2000),
        6,
        &["women", "counselling", "anti-discrimination"],
        &["de", "tr", "ar", "fa", "en"],
        true,
        true,
        "Beratung bei häuslicher Gewalt, mehrsprachig und anonym.",
    ),
    (
        "Bezirksamt Pankow – Integrationsbüro",
        K::PublicInstitution,
        None,
        None,
        7,
        &["civic-participation", "multilingualism", "anti-discrimination"],
        &["de", "en"],
        false,
        true,
        "Integrationsbeauftragte des Bezirks; Koordination der Fachvernetzung.",
    ),
    (
        "Jobcenter Pankow – Team Neuzugewanderte",
        K::PublicInstitution,
        None,
        None,
        8,
        &["work", "counselling"],
        &["de", "en", "ar", "uk"],
        false,
        true,
        "Arbeitsvermittlung und Beratung für Neuzugewanderte.",
    ),
    (
        "Stadtbibliothek Pankow – Interkulturelle Bibliothek",
        K::PublicInstitution,
        None,
        None,
        8,
        &["multilingualism", "education", "culture"],
        &["de", "en", "ar", "tr", "vi", "uk"],
        false,
        true,
        "Mehrsprachige Medien, Vorlesestunden und Sprachcafés.",
    ),
    (
        "Volkshochschule Pankow – Integrationskurse",
        K::PublicInstitution,
        None,
        None,
        7,
        &["education", "work"],
        &["de"],
        false,
        true,
        "Integrations- und Berufssprachkurse.",
    ),
    (
        "Integrationsbeirat Pankow",
        K::Network,
        None,
        Some(2006),
        7,
        &["civic-participation", "bipoc-participation"],
        &["de"],
        false,
        true,
        "Gremium aus Vertreter*innen migrantischer Organisationen, Politik und Verwaltung.",
    ),
    (
        "Gesundheitslots*innen Nord",
        K::Initiative,
        None,
        Some(2019),
        3,
        &["health", "multilingualism"],
        &["ar", "tr", "ru", "vi", "de"],
        false,
        true,
        "Geschulte Lots*innen begleiten zu Ärztinnen, übersetzen und informieren.",
    ),
    (
        "Inklusiv migrantisch e.V.",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2018),
        9,
        &["inclusion", "counselling", "family"],
        &["ar", "tr", "de"],
        false,
        true,
        "Beratung für migrantische Familien mit Kindern mit Behinderung.",
    ),
    (
        "Sport ohne Grenzen Rosenthal",
        K::Initiative,
        None,
        Some(2016),
        9,
        &["sport", "youth", "anti-discrimination"],
        &["de", "ar", "fa"],
        false,
        true,
        "Offenes Fußball- und Boxtraining, rassismuskritische Trainer*innenschulung.",
    ),
    (
        "Malchower Gärten der Vielfalt",
        K::Initiative,
        None,
        Some(2021),
        10,
        &["culture", "seniors", "diversity"],
        &["de", "ru", "vi"],
        false,
        true,
        "Interkultureller Gemeinschaftsgarten in der Stadtrandsiedlung Malchow.",
    ),
    (
        "Blankenfelder Nachbarschaftstisch",
        K::Other,
        None,
        Some(2019),
        1,
        &["family", "diversity"],
        &["de", "pl"],
        false,
        true,
        "Monatliches Nachbarschaftsessen mit Geflüchteten aus der Unterkunft.",
    ),
    (
        "Roma Selbstorganisation Amaro Drom Nord",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2012),
        11,
        &["anti-discrimination", "education", "empowerment"],
        &["ro", "bg", "sr", "de"],
        true,
        true,
        "Selbstorganisation von Rom*nja: Bildungsmediation und Antiziganismusberatung.",
    ),
    (
        "Ukrainisches Theaterstudio Svitlo",
        K::Initiative,
        None,
        Some(2023),
        8,
        &["culture", "youth"],
        &["uk", "de"],
        false,
        true,
        "Theater für Kinder und Jugendliche aus der Ukraine.",
    ),
    (
        "Französisch Buchholzer Sprachpaten",
        K::Initiative,
        None,
        Some(2016),
        3,
        &["multilingualism", "education"],
        &["de", "fr", "ar"],
        false,
        true,
        "Ehrenamtliche Sprachpatenschaften für Erwachsene.",
    ),
    (
        "Pankower Netzwerk gegen Rassismus",
        K::Network,
        None,
        Some(2014),
        7,
        &["anti-discrimination", "civic-participation", "bipoc-participation"],
        &["de", "en"],
        false,
        true,
        "Netzwerk von Initiativen, Vereinen und Einzelpersonen gegen Rassismus.",
    ),
    (
        "Afghanischer Kulturverein Hindukusch",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2021),
        6,
        &["culture", "youth"],
        &["fa", "ps", "de"],
        false,
        false,
        "Neu gegründeter Verein, noch in Prüfung durch das Koordinationsteam.",
    ),
    (
        "Initiative Sprachcafé Wilhelmsruh",
        K::Initiative,
        None,
        Some(2024),
        12,
        &["multilingualism"],
        &["de", "ar", "uk"],
        false,
        false,
        "Vorgeschlagen durch eine Multiplikatorin; noch nicht verifiziert.",
    ),
    (
        "Senegalesische Vereinigung Teranga",
        K::MigrantOrganisation,
        Some("e.V."),
        Some(2017),
        11,
        &["culture", "bipoc-participation"],
        &["fr", "de"],
        false,
        false,
        "Kulturverein, Eintrag wartet auf Verifizierung.",
    ),
];

/// Offering templates per topic: (title, category, description).
fn offering_templates(topic: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    match topic {
        "counselling" => &[("Mehrsprachige Sozialberatung", "COUNSELLING", "Offene Sprechstunde zu Jobcenter, Aufenthalt, Familie.")],
        "flight-asylum" => &[
            (
                "Rechtsberatung für Geflüchtete",
                "COUNSELLING",
                "Asyl- und Aufenthaltsrecht mit Partneranwält*innen, nach Terminvereinbarung.",
            ),
            ("Begleitung zu Behörden", "SUPPORT", "Ehrenamtliche begleiten und übersetzen bei Terminen."),
        ],
        "education" => &[("Hausaufgabenhilfe", "GROUP", "Für Schüler*innen der Klassen 1 bis 10.")],
        "multilingualism" => &[("Sprachcafé", "GROUP", "Deutsch üben und die eigenen Sprachen teilen, ohne Anmeldung.")],
        "women" => &[("Frauentreff mit Kinderbetreuung", "GROUP", "Austausch, Information und Empowerment.")],
        "youth" => &[("Jugendgruppe", "GROUP", "Freizeit, Ausflüge und Mentoring für 12- bis 21-Jährige.")],
        "culture" => &[("Kulturabend", "EVENT_SERIES", "Musik, Lesungen und Essen aus vielen Ländern.")],
        "health" => &[("Gesundheitsinformation in Herkunftssprachen", "COURSE", "Vorträge zu Vorsorge, Impfungen und Gesundheitssystem.")],
        "work" => &[("Bewerbungstraining", "COURSE", "Lebenslauf, Anerkennung von Abschlüssen, Vorstellungsgespräch.")],
        "housing" => &[("Wohnungssuche-Sprechstunde", "COUNSELLING", "Hilfe bei WBS-Antrag, Wohnungsbewerbungen und Mietrecht.")],
        "family" => &[("Elterncafé", "GROUP", "Fragen zu Kita, Schule und Erziehung im Gespräch.")],
        "anti-discrimination" => {
            &[("Antidiskriminierungsberatung", "COUNSELLING", "Vertrauliche Beratung bei rassistischer Diskriminierung.")]
        }
        "empowerment" => &[("Empowerment-Workshop", "COURSE", "Geschützter Raum für Menschen mit Rassismuserfahrung.")],
        "sport" => &[("Offenes Training", "SPORTS", "Kostenlos, alle Niveaus, Umkleiden barrierefrei.")],
        "seniors" => &[("Seniorentreff", "GROUP", "Kaffee, Gymnastik und Gespräche.")],
        "lgbtiq" => &[("Queere Peer-Beratung", "COUNSELLING", "Vertraulich, mehrsprachig, auch online.")],
        "inclusion" => {
            &[("Beratung für Familien mit Kindern mit Behinderung", "COUNSELLING", "Eingliederungshilfe, Schulbegleitung, Pflegegrad.")]
        }
        "civic-participation" => {
            &[("Werkstatt politische Teilhabe", "COURSE", "Wie funktioniert Bezirkspolitik? Wie bringe ich mich ein?")]
        }
        "bipoc-participation" => &[("BIPoC-Austauschrunde", "GROUP", "Vernetzung und gegenseitige Stärkung.")],
        "diversity" => &[("Nachbarschaftsfest", "EVENT_SERIES", "Einmal im Quartal, offen für alle.")],
        _ => &[],
    }
}

impl Core {
    /// Creates an active account directly (CLI `create-admin`, demo data).
    pub async fn create_user(&self, email: &str, display_name: &str, role: Role, password: &str) -> DomainResult<User> {
        let email = validate::email("email", email)?;
        let display_name = validate::line("displayName", display_name, 1, 120)?;
        self.inner.passwords.check_new("password", password)?;
        let hash = self.inner.passwords.hash(password).await?;
        let now = Utc::now();
        let created = user::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(email),
            display_name: Set(display_name),
            password_hash: Set(Some(hash)),
            role: Set(Stored(role)),
            status: Set(Stored(UserStatus::Active)),
            preferred_language: Set(Stored(Lang::De)),
            tokens_valid_after: Set(now),
            last_login_at: Set(None),
            provisional: Set(false),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(self.db())
        .await
        .map_err(|e| unique_or_internal(e, "email"))?;
        crate::audit::record(self.db(), None, "create_user", "user", created.id, serde_json::json!({ "role": role.as_str() })).await?;
        Ok(user_view(&created))
    }

    /// Seeds the demo network; returns false when it was there already.
    pub async fn seed_demo(&self) -> DomainResult<bool> {
        let admin_email = DEMO_ACCOUNTS[0].0;
        if user::Entity::find().filter(user::Column::Email.eq(admin_email)).count(self.db()).await.internal()? > 0 {
            return Ok(false);
        }
        let mut accounts = Vec::new();
        for (email, name, role, password) in DEMO_ACCOUNTS {
            accounts.push(self.create_user(email, name, *role, password).await?);
        }
        let admin = Actor {
            user: Some(ActorUser { id: accounts[0].id, role: Role::Admin, organisations: Vec::new(), provisional: false }),
            lang: Default::default(),
        };
        let districts = district::Entity::find().all(self.db()).await.internal()?;
        let district_by_name = |i: usize| {
            districts.iter().find(|d| d.name == crate::reference::DISTRICTS[i % crate::reference::DISTRICTS.len()].0).map(|d| d.id)
        };
        let topics = topic::Entity::find().all(self.db()).await.internal()?;
        let topic_id = |slug: &str| topics.iter().find(|t| t.slug == slug).map(|t| t.id);
        let mut first_org = None;
        let mut second_org = None;
        let mut verified_orgs = Vec::new();
        for (n, (name, kind, legal_form, founded, district, topic_slugs, languages, members_only, verified, description)) in
            ORGANISATIONS.iter().enumerate()
        {
            let slug_base = migraup_domain::search::slugify(name);
            let input = OrganisationInput {
                name: Some((*name).into()),
                kind: Some(*kind),
                legal_form: Some(legal_form.map(Into::into)),
                description: Some(Some((*description).into())),
                founded_year: Some(*founded),
                website: Some(Some(format!("https://{slug_base}.example.org"))),
                email: Some(Some(format!("kontakt@{slug_base}.example.org"))),
                email_visibility: Some(FieldVisibility::Public),
                phone: Some(Some(format!("+49 30 4{:03} {:04}", 100 + n, 1000 + n * 37))),
                phone_visibility: Some(if n % 3 == 0 { FieldVisibility::Members } else { FieldVisibility::Public }),
                street: Some(Some(format!("Beispielstraße {}", n + 1))),
                postal_code: Some(Some("13187".into())),
                city: Some(Some("Berlin".into())),
                address_visibility: Some(if *members_only { FieldVisibility::Administration } else { FieldVisibility::Public }),
                district_id: Some(district_by_name(*district)),
                latitude: Some(Some(52.55 + (n as f64 % 7.0) * 0.01)),
                longitude: Some(Some(13.40 + (n as f64 % 5.0) * 0.015)),
                visibility: Some(if *members_only { Visibility::Members } else { Visibility::Public }),
                topic_ids: Some(topic_slugs.iter().filter_map(|s| topic_id(s)).collect()),
                languages: Some(languages.iter().map(|l| (*l).to_owned()).collect()),
                target_group_ids: Some(Vec::new()),
                slug: None,
            };
            let created = if *verified {
                self.create_organisation(&admin, input).await?
            } else {
                let suggester = Actor {
                    user: Some(ActorUser { id: accounts[3].id, role: Role::Multiplier, organisations: Vec::new(), provisional: false }),
                    lang: Default::default(),
                };
                self.create_organisation(&suggester, input).await?
            };
            if first_org.is_some() && second_org.is_none() && *kind == K::MigrantOrganisation && *verified && !*members_only {
                second_org = Some(created.id);
            }
            first_org.get_or_insert(created.id);
            if *verified {
                verified_orgs.push(created.id);
            }
            for (t, slug) in topic_slugs.iter().enumerate().take(2) {
                for (title, category, desc) in offering_templates(slug).iter().take(if t == 0 { 2 } else { 1 }) {
                    let offering = OfferingInput {
                        title: Some((*title).into()),
                        description: Some(Some((*desc).into())),
                        category: Some((*category).into()),
                        district_id: Some(district_by_name(*district)),
                        schedule: Some(Some(
                            ["Montags 16–18 Uhr", "Mittwochs 10–12 Uhr", "Donnerstags 17–19 Uhr", "Jeden ersten Samstag im Monat"]
                                [(n + t) % 4]
                                .into(),
                        )),
                        cost: Some(None),
                        free_of_charge: Some(true),
                        accessibility: Some(if n % 2 == 0 { Some("Stufenloser Zugang, barrierefreies WC".into()) } else { None }),
                        topic_ids: Some(topic_id(slug).into_iter().collect()),
                        languages: Some(languages.iter().map(|l| (*l).to_owned()).collect()),
                        target_group_ids: None,
                    };
                    self.create_offering(&admin, created.id, offering).await?;
                }
            }
        }
        // The demo representative speaks for the first organisation and is its contact person.
        if let Some(org) = first_org {
            insert_membership(self.db(), accounts[2].id, org).await?;
            let mut m: membership::ActiveModel = membership::Entity::find_by_id((accounts[2].id, org))
                .one(self.db())
                .await
                .internal()?
                .ok_or_else(migraup_domain::DomainError::internal)?
                .into();
            m.is_contact_person = Set(true);
            m.contact_consent_at = Set(Some(Utc::now()));
            m.update(self.db()).await.internal()?;
        }
        if let Some(org) = second_org {
            insert_membership(self.db(), accounts[5].id, org).await?;
        }
        if let (Some(first), Some(second)) = (first_org, second_org) {
            self.seed_demo_events(&accounts, first, second, &district_by_name).await?;
            self.seed_demo_relations(&admin, &accounts, &verified_orgs, first, second).await?;
        }
        tracing::info!(organisations = ORGANISATIONS.len(), "demo network seeded");
        Ok(true)
    }

    /// Relations recorded by the coordination team: groups of six working in a ring,
    /// the groups linked in a chain (so the network has communities, bridges and
    /// brokers), the last three organisations without ties; and one proposal waiting
    /// for the demo representative's answer.
    async fn seed_demo_relations(&self, admin: &Actor, accounts: &[User], orgs: &[Uuid], first: Uuid, second: Uuid) -> DomainResult<()> {
        use migraup_domain::RelationKind as R;
        let kinds = [R::Cooperation, R::Referral, R::Cooperation, R::Funding, R::Cooperation, R::Membership];
        let n = orgs.len().saturating_sub(3);
        let record = |from: Uuid, to: Uuid, kind: R| crate::relations::RelationInput {
            from_organisation_id: from,
            to_organisation_id: to,
            kind,
            note: None,
            starts_on: None,
        };
        for i in 0..n {
            let group = i / 6 * 6;
            let next = group + (i - group + 1) % 6;
            if next < n && next != i && !(next == group && i == group + 1) {
                self.propose_relation(admin, record(orgs[i], orgs[next], kinds[i % kinds.len()])).await?;
            }
            if i % 6 == 0 && i + 6 < n {
                self.propose_relation(admin, record(orgs[i], orgs[i + 6], R::Membership)).await?;
            }
        }
        let second_representative = Actor {
            user: Some(ActorUser { id: accounts[5].id, role: Role::MoRepresentative, organisations: vec![second], provisional: false }),
            lang: Default::default(),
        };
        self.propose_relation(&second_representative, record(second, first, R::SharedPremises)).await?;
        Ok(())
    }

    /// A few joint events from tomorrow on: published ones (one nearly full), and a
    /// draft that waits for the demo representative's answer.
    async fn seed_demo_events(
        &self,
        accounts: &[User],
        first: Uuid,
        second: Uuid,
        district: &dyn Fn(usize) -> Option<Uuid>,
    ) -> DomainResult<()> {
        let as_user = |i: usize, organisations: Vec<Uuid>| Actor {
            user: Some(ActorUser { id: accounts[i].id, role: accounts[i].role, organisations, provisional: false }),
            lang: Default::default(),
        };
        let administration = as_user(1, Vec::new());
        let first_rep = as_user(2, vec![first]);
        let second_rep = as_user(5, vec![second]);
        let day =
            |d: i64, time: &str| format!("{}T{time}", crate::berlin::local(Utc::now() + chrono::Duration::days(d)).format("%Y-%m-%d"));
        let plain = |title: &str, d: i64, venue: Option<&str>, online: Option<&str>, capacity: Option<i32>, ortsteil: usize| EventInput {
            title: title.into(),
            description: Some("Offen für alle Interessierten aus dem Bezirk. Eintritt frei.".into()),
            starts_at: day(d, "18:00"),
            ends_at: day(d, "20:30"),
            venue: venue.map(Into::into),
            street: venue.map(|_| format!("Beispielstraße {}", 10 + d)),
            postal_code: venue.map(|_| "13187".into()),
            district_id: venue.and_then(|_| district(ortsteil)),
            online_url: online.map(Into::into),
            capacity,
            accessibility: venue.map(|_| "Stufenloser Zugang, Verdolmetschung nach Absprache".into()),
            visibility: Some(Visibility::Public),
            languages: vec!["de".into(), "ar".into()],
            ..Default::default()
        };
        // A joint event of the district administration with both organisations.
        let fest = self
            .create_event(
                &administration,
                &[first, second],
                plain("Interkulturelles Nachbarschaftsfest", 9, Some("Stadtteilzentrum Pankow"), None, Some(80), 8),
            )
            .await?;
        self.respond_to_organiser_invitation(&first_rep, fest.id, first, true).await?;
        self.respond_to_organiser_invitation(&second_rep, fest.id, second, true).await?;
        self.publish_event(&administration, fest.id).await?;
        let info = self
            .create_event(
                &administration,
                &[second],
                plain(
                    "Infoabend: Anerkennung ausländischer Berufsabschlüsse",
                    14,
                    None,
                    Some("https://meet.example.org/anerkennung"),
                    None,
                    0,
                ),
            )
            .await?;
        self.respond_to_organiser_invitation(&second_rep, info.id, second, true).await?;
        self.publish_event(&administration, info.id).await?;
        let cafe = self
            .create_event(&first_rep, &[first], plain("Sprachcafé Arabisch–Deutsch", 4, Some("Kulturcafé Brücke"), None, Some(12), 8))
            .await?;
        self.publish_event(&first_rep, cafe.id).await?;
        let eltern = self
            .create_event(
                &second_rep,
                &[second],
                plain("Elterncafé: Schule in Berlin verstehen", 6, Some("Familienzentrum Weißensee"), None, Some(3), 11),
            )
            .await?;
        self.publish_event(&second_rep, eltern.id).await?;
        for i in [3, 6] {
            self.register_for_event(&as_user(i, Vec::new()), eltern.id).await?;
        }
        // A shared project of both organisations.
        let project = self
            .create_project(
                &first_rep,
                first,
                &[second],
                ProjectInput {
                    title: "Mehrsprachige Elternbegleitung".into(),
                    description: Some(
                        "Eltern werden in ihrer Sprache durch Kita und Schule begleitet; Lotsinnen aus beiden Vereinen.".into(),
                    ),
                    status: Some(migraup_domain::ProjectStatus::Active),
                    starts_on: Some(format!("{}-09-01", Utc::now().format("%Y"))),
                    ends_on: None,
                    funding: Some("Integrationsfonds des Bezirks".into()),
                    outcomes: None,
                    visibility: Some(Visibility::Public),
                    topic_ids: Vec::new(),
                },
            )
            .await?;
        self.respond_to_partner_invitation(&second_rep, project.id, second, true).await?;
        // A draft waiting for the demo representative's answer (their inbox).
        self.create_event(
            &administration,
            &[first, second],
            plain("Fachtag Migration und Gesundheit", 30, Some("Rathaus Pankow, Ratssaal"), None, Some(120), 8),
        )
        .await?;
        Ok(())
    }
}
