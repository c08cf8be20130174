//! An organisation's profile page: contact, topics, persons, events, projects, relations, offerings.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};
use migraup_domain::kinds::{direction_of, language_to_show};

use crate::{
    api::{self, OrganisationPage as Query, organisation_page},
    components::{
        events::OrganisationEvents, feedback::loaded, projects::OrganisationProjects, relations::Relations, select::Labelled,
        signed_in_only,
    },
    i18n::*,
    session::use_session,
};

/// The public profile: contact (where allowed), topics, languages, contact persons
/// (signed-in, with consent) and offerings.
#[component]
pub fn OrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let slug = params.get().get("slug").unwrap_or_default();
        api::body::<Query>(organisation_page::Variables { slug })
    });
    view! {
        <p class="back">
            <A href="/organisations">{t_string!(i18n, org_back)}</A>
        </p>
        {loaded::<Query>(data, move |d| {
            let names: Vec<(String, String)> = d.languages.iter().map(|l| (l.code.clone(), l.name.clone())).collect();
            match d.organisation {
                Some(o) => view! { <Profile org=o names /> }.into_any(),
                None => view! { <p class="notice">{t_string!(i18n, org_not_found)}</p> }.into_any(),
            }
        })}

    }
}

/// The language the reader wants texts in: `?text=…` (the links of the language note),
/// else the interface's.
fn wanted_language(i18n: crate::i18n::I18nContext) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.get().get("text").unwrap_or_else(|| i18n.get_locale().as_str().to_owned()))
}

/// The description in the reader's language (or the organisation's own), marked with
/// its language, and which other languages it exists in (as the server's page shows it).
#[component]
fn ContentText(
    own: Option<String>,
    own_language: String,
    translations: Vec<(String, Option<String>)>,
    names: Vec<(String, String)>,
    slug: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let wanted = wanted_language(i18n);
    let name = move |code: &str| names.iter().find(|(c, _)| c == code).map_or_else(|| code.to_owned(), |(_, n)| n.clone());
    move || {
        let wanted = wanted.get();
        let available: Vec<&str> = translations.iter().map(|(l, _)| l.as_str()).collect();
        let shown = language_to_show(&own_language, &available, &wanted).to_owned();
        let text =
            if shown == own_language { own.clone() } else { translations.iter().find(|(l, _)| *l == shown).and_then(|(_, d)| d.clone()) };
        let others: Vec<String> =
            std::iter::once(own_language.clone()).chain(translations.iter().map(|(l, _)| l.clone())).filter(|l| *l != shown).collect();
        let name = name.clone();
        let slug = slug.clone();
        let has_others = !others.is_empty();
        text.map(move |d| {
            let links = others
                .into_iter()
                .enumerate()
                .map(|(i, other)| {
                    let label = name(&other);
                    let href = format!("/organisations/{slug}?text={other}");
                    view! {
                        {(i > 0).then_some(", ")}
                        <A href=href attr:lang=other.clone() attr:hreflang=other>{label}</A>
                    }
                })
                .collect_view();
            let shown_name = name(&shown);
            view! {
                <div class="content-text">
                    <p class="description" lang=shown.clone() dir=direction_of(&shown)>{d}</p>
                    {has_others.then(|| view! {
                        <p class="meta content-languages" data-testid="content-languages">
                            {t!(i18n, content_reading, language = shown_name.clone())}
                            " · " {t_string!(i18n, content_other_languages)} " " {links}
                        </p>
                    })}
                </div>
            }
        })
    }
}

#[component]
fn Profile(org: organisation_page::OrganisationPageOrganisation, names: Vec<(String, String)>) -> impl IntoView {
    let org_id = org.id.clone();
    let can_edit = org.can_edit;
    let session = use_session();
    let i18n = use_i18n();
    let kind = org.kind;
    let verified = org.verification == api::VerificationState::Verified;
    let confirmed = org.confirmed_at.as_deref().map(|d| crate::components::labels::date(i18n, d));
    // "Schönholzer Str. 10, 13187 Berlin": postal code and city belong together.
    let address = org.address.map(|a| {
        let place = [a.postal_code, a.city].into_iter().flatten().collect::<Vec<_>>().join(" ");
        [a.street, Some(place).filter(|p| !p.is_empty())].into_iter().flatten().collect::<Vec<_>>().join(", ")
    });
    let has_contact = org.website.is_some() || org.email.is_some() || org.phone.is_some() || address.is_some();
    view! {
        <article class="profile" data-testid="organisation-profile">
            <header>
                <h1><bdi>{org.name.clone()}</bdi></h1>
                <p class="meta">
                    <span>{kind.label(i18n)}</span>
                    {org.legal_form.map(|f| view! { " · " <span>{f}</span> })}
                    {org.district.map(|d| view! { " · " <span>{d.name}</span> })}
                    {org.founded_year.map(|y| view! { " · " <span>{t!(i18n, org_founded, year = y)}</span> })}
                    " · "
                    <span class=if verified { "badge badge-ok" } else { "badge" }>
                        {move || if verified { t_string!(i18n, verified) } else { t_string!(i18n, unverified) }}
                    </span>
                </p>
            </header>
            {(!org.can_edit)
                .then(|| {
                    let href = format!("/organisations/{}/join", org.slug);
                    let claimable = org.claimable;
                    move || {
                        let signed_in = session.user.get().is_some();
                        (claimable || signed_in)
                            .then(|| {
                                let text = if claimable { t_string!(i18n, join_claim_link) } else { t_string!(i18n, join_join_link) };
                                view! {
                                    <p class="claim">
                                        <A href=href.clone() attr:data-testid="claim-link">{text}</A>
                                    </p>
                                }
                            })
                    }
                })}
            {org
                .can_edit
                .then(|| {
                    let href = format!("/organisations/{}/edit", org.slug);
                    // The coordination team reaches this record's history from here.
                    let history = session
                        .user
                        .get_untracked()
                        .is_some_and(|u| u.may(migraup_domain::Operation::ReadAuditLog))
                        .then(|| format!("/admin/audit-log?entity=organisation&id={}", org.id));
                    view! {
                        <p>
                            <A href=href attr:class="button" attr:data-testid="edit-profile">{t_string!(i18n, my_edit)}</A>
                            {history.map(|h| view! { " " <A href=h attr:data-testid="record-history">{t_string!(i18n, audit_history)}</A> })}
                        </p>
                    }
                })}
            <ContentText
                own=org.description.clone()
                own_language=org.content_language.clone()
                translations=org.translations.iter().map(|t| (t.language.clone(), t.description.clone())).collect()
                names
                slug=org.slug.clone()
            />
            {org.is_stale.then(|| view! { <p class="notice">{t_string!(i18n, org_stale)}</p> })}
            {confirmed.map(|date| view! { <p class="hint">{t!(i18n, org_confirmed, date = date.clone())}</p> })}
            <div class="profile-grid">
                {has_contact
                    .then(|| {
                        view! {
                            <section aria-labelledby="contact-title">
                                <h2 id="contact-title">{t_string!(i18n, org_contact)}</h2>
                                <dl class="facts">
                                    {org.website.map(|w| view! { <dt>{t_string!(i18n, org_website)}</dt> <dd><a href=w.clone() rel="noopener" dir="ltr">{w.clone()}</a></dd> })}
                                    {org.email.map(|e| view! { <dt>{t_string!(i18n, org_email)}</dt> <dd><a href=format!("mailto:{e}") dir="ltr">{e.clone()}</a></dd> })}
                                    {org.phone.map(|p| view! { <dt>{t_string!(i18n, org_phone)}</dt> <dd><a href=format!("tel:{}", p.replace(' ', "")) dir="ltr">{p.clone()}</a></dd> })}
                                    {address.map(|a| view! { <dt>{t_string!(i18n, org_address)}</dt> <dd dir="auto">{a}</dd> })}
                                </dl>
                            </section>
                        }
                    })}
                <section aria-labelledby="topics-title">
                    <h2 id="topics-title">{t_string!(i18n, org_topics)}</h2>
                    <ul class="tags">{org.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
                    <h2>{t_string!(i18n, org_languages)}</h2>
                    <ul class="tags">
                        {org
                            .languages
                            .into_iter()
                            .map(|l| view! { <li>{l.name} " (" <span lang=l.code.clone()>{l.native_name}</span> ")"</li> })
                            .collect_view()}
                    </ul>
                    {(!org.target_groups.is_empty())
                        .then(|| {
                            view! {
                                <h2>{t_string!(i18n, org_target_groups)}</h2>
                                <ul class="tags">{org.target_groups.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
                            }
                        })}
                </section>
                {(!org.contact_persons.is_empty())
                    .then(|| {
                        view! {
                            <section aria-labelledby="persons-title">
                                <h2 id="persons-title">{t_string!(i18n, org_contact_persons)}</h2>
                                <ul>
                                    {org
                                        .contact_persons
                                        .into_iter()
                                        .map(|p| view! { <li>{p.display_name} " – " <a href=format!("mailto:{}", p.email)>{p.email.clone()}</a></li> })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })}
            </div>
            <OrganisationEvents organisation_id=org_id.clone() />
            <OrganisationProjects organisation_id=org_id.clone() />
            {signed_in_only(move || move || session.user.get().map(|_| view! { <Relations organisation_id=org_id.clone() can_edit=can_edit /> }))}
            {(!org.working_groups.is_empty()).then(|| view! {
                <section aria-labelledby="org-groups-title">
                    <h2 id="org-groups-title">{t_string!(i18n, org_groups)}</h2>
                    <ul data-testid="organisation-groups">
                        {org.working_groups.iter().map(|g| view! { <li><a href=format!("/groups/{}", g.slug)>{g.name.clone()}</a></li> }).collect_view()}
                    </ul>
                </section>
            })}
            <section aria-labelledby="offerings-title">
                <h2 id="offerings-title">{t_string!(i18n, org_offerings)}</h2>
                {org.offerings.is_empty().then(|| view! { <p>{t_string!(i18n, org_no_offerings)}</p> })}
                <ul class="cards">
                    {org.offerings.into_iter().map(|o| view! { <Offering offering=o own_language=org.content_language.clone() /> }).collect_view()}
                </ul>
            </section>
        </article>
    }
}

#[component]
fn Offering(offering: organisation_page::OrganisationPageOrganisationOfferings, own_language: String) -> impl IntoView {
    let i18n = use_i18n();
    let wanted = wanted_language(i18n);
    let languages = offering.languages.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join(", ");
    let (title, description, translations) = (offering.title, offering.description, offering.translations);
    let texts = move || {
        let available: Vec<&str> = translations.iter().map(|t| t.language.as_str()).collect();
        let shown = language_to_show(&own_language, &available, &wanted.get()).to_owned();
        match translations.iter().find(|t| t.language == shown && shown != own_language) {
            Some(t) => (shown, t.title.clone().unwrap_or_else(|| title.clone()), t.description.clone()),
            None => (shown, title.clone(), description.clone()),
        }
    };
    let stale = matches!(offering.freshness, api::Freshness::Stale | api::Freshness::Hidden);
    view! {
        <li class="card" data-testid="offering">
            {stale.then(|| view! { <p><span class="badge" data-testid="stale">{t_string!(i18n, stale_badge)}</span></p> })}
            {move || {
                let (lang, title, description) = texts();
                let dir = direction_of(&lang);
                view! {
                    <h3 lang=lang.clone() dir=dir>{title}</h3>
                    {description.map(|d| view! { <p lang=lang.clone() dir=dir>{d}</p> })}
                }
            }}
            <dl class="facts">
                {offering.schedule.map(|s| view! { <dt>{t_string!(i18n, org_schedule)}</dt> <dd>{s}</dd> })}
                <dt>{t_string!(i18n, org_cost)}</dt>
                <dd>{match offering.cost { Some(c) => c.into_any(), None if offering.free_of_charge => t!(i18n, org_free).into_any(), None => "–".into_any() }}</dd>
                {(!languages.is_empty()).then(|| view! { <dt>{t_string!(i18n, org_delivered_in)}</dt> <dd>{languages}</dd> })}
                {offering.accessibility.map(|a| view! { <dt>{t_string!(i18n, org_accessibility)}</dt> <dd>{a}</dd> })}
            </dl>
        </li>
    }
}
