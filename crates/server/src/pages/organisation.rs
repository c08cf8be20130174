//! An organisation's public page: profile, contact, topics, languages, coming events
//! and offerings, with schema.org `Organization` data.

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use maud::html;
use migraup_core::{
    Actor,
    events::EventFilter,
    paging::PageRequest,
    translations::pick,
    views::{Offering, Translation},
};
use migraup_domain::{EventStatus, VerificationState, kinds::direction_of};
use serde_json::json;

use super::{
    PageState, Reference, failed, not_found,
    shell::Page,
    texts::{Texts, key, kind_key},
};

/// `GET /organisations/{slug}`.
/// `?text=ar`: the reader asks for the texts in this language (else their own).
#[derive(serde::Deserialize, Default)]
pub(crate) struct TextLanguage {
    text: Option<String>,
}

/// A text as shown: the words, their language, and the other languages it exists in.
struct Shown<'a> {
    text: Option<&'a str>,
    title: Option<&'a str>,
    language: &'a str,
    others: Vec<&'a str>,
}

/// The version of a text for a reader of `wanted`: its translation when there is one,
/// else the organisation's own.
fn shown<'a>(own: (Option<&'a str>, Option<&'a str>), own_language: &'a str, translations: &'a [Translation], wanted: &str) -> Shown<'a> {
    let chosen = pick(translations, own_language, wanted);
    let language = chosen.map_or(own_language, |t| t.language.as_str());
    let mut others: Vec<&str> = std::iter::once(own_language).chain(translations.iter().map(|t| t.language.as_str())).collect();
    others.retain(|l| *l != language);
    match chosen {
        Some(t) => Shown { text: t.description.as_deref(), title: t.title.as_deref().or(own.1), language, others },
        None => Shown { text: own.0, title: own.1, language, others },
    }
}

pub(crate) async fn page(
    State(state): State<PageState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(query): Query<TextLanguage>,
) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let core = &state.core;
    let org = match core.organisation(&actor, None, Some(&slug)).await {
        Ok(Some(org)) => org,
        Ok(None) => return not_found(&state, t, key::org_not_found),
        Err(e) => return failed(&state, t, e),
    };
    let ids = [org.id];
    let coming = EventFilter {
        from: Some(chrono::Utc::now()),
        organisation_ids: vec![org.id],
        statuses: vec![EventStatus::Published],
        ..Default::default()
    };
    let found = tokio::try_join!(
        core.offerings_of(&actor, &ids),
        core.organisation_topic_ids(&actor, &ids),
        core.organisation_languages(&actor, &ids),
        core.contact_persons(&actor, &ids),
        core.events(&actor, &coming, &PageRequest { first: Some(10), after: None }),
        Reference::load(core, t),
        core.working_groups(&actor, &[], Some(org.id)),
    );
    let (offerings, mut topics, mut languages, mut persons, events, reference, groups) = match found {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    let subjects: Vec<uuid::Uuid> = std::iter::once(org.id).chain(offerings.iter().map(|o| o.id)).collect();
    let mut translations = match core.translations_of(&actor, &subjects).await {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    let wanted = query.text.as_deref().filter(|l| l.len() <= 3).unwrap_or(t.lang.as_str());
    let own_translations = translations.remove(&org.id).unwrap_or_default();
    let about = shown((org.description.as_deref(), None), &org.content_language, &own_translations, wanted);
    let topics = topics.remove(&org.id).unwrap_or_default();
    let languages = languages.remove(&org.id).unwrap_or_default();
    let persons = persons.remove(&org.id).unwrap_or_default();
    let verified = org.verification == VerificationState::Verified;
    // "This is my organisation" where nobody acts for it, as the web app shows it.
    let claimable = verified
        && match core.organisations_represented(&ids).await {
            Ok(found) => !found.contains(&org.id),
            Err(e) => return failed(&state, t, e),
        };
    // "Schönholzer Str. 10, 13187 Berlin", as the web app writes it.
    let place = [&org.postal_code, &org.city].into_iter().flatten().cloned().collect::<Vec<_>>().join(" ");
    let address = [org.street.clone(), Some(place).filter(|p| !p.is_empty())].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let address = Some(address).filter(|a| !a.is_empty());
    let has_contact = org.website.is_some() || org.email.is_some() || org.phone.is_some() || address.is_some();
    let content = html! {
        p class="back" { a href="/organisations" { (t.get(key::org_back)) } }
        article class="profile" data-testid="organisation-profile" {
            header {
                h1 { bdi { (org.name) } }
                p class="meta" {
                    span { (t.get(kind_key(org.kind))) }
                    @if let Some(f) = &org.legal_form { " · " span { (f) } }
                    @if let Some(d) = org.district_id { " · " span { (reference.district(&d)) } }
                    @if let Some(y) = org.founded_year { " · " span { (t.fill(key::org_founded, &[("year", &y.to_string())])) } }
                    " · "
                    span class=(if verified { "badge badge-ok" } else { "badge" }) { (t.get(if verified { key::verified } else { key::unverified })) }
                }
            }
            @if claimable {
                p class="claim" { a href=(format!("/organisations/{}/join", org.slug)) data-testid="claim-link" { (t.get(key::join_claim_link)) } }
            }
            @if let Some(d) = about.text {
                div class="content-text" {
                    p class="description" lang=(about.language) dir=(direction_of(about.language)) { (d) }
                    (languages_note(t, &about, &reference, &org.slug))
                }
            }
            @if super::is_stale(org.confirmed_at) { p class="notice" { (t.get(key::org_stale)) } }
            @if let Some(at) = org.confirmed_at {
                p class="hint" { (t.fill(key::org_confirmed, &[("date", &t.date(migraup_core::berlin::local(at).date_naive()))])) }
            }
            div class="profile-grid" {
                @if has_contact {
                    section aria-labelledby="contact-title" {
                        h2 id="contact-title" { (t.get(key::org_contact)) }
                        dl class="facts" {
                            @if let Some(w) = &org.website { dt { (t.get(key::org_website)) } dd { a href=(w) rel="noopener" dir="ltr" { (w) } } }
                            @if let Some(e) = &org.email { dt { (t.get(key::org_email)) } dd { a href=(format!("mailto:{e}")) dir="ltr" { (e) } } }
                            @if let Some(p) = &org.phone { dt { (t.get(key::org_phone)) } dd { a href=(format!("tel:{}", p.replace(' ', ""))) dir="ltr" { (p) } } }
                            @if let Some(a) = &address { dt { (t.get(key::org_address)) } dd dir="auto" { (a) } }
                        }
                    }
                }
                section aria-labelledby="topics-title" {
                    h2 id="topics-title" { (t.get(key::org_topics)) }
                    ul class="tags" { @for id in &topics { li { (reference.topic(id)) } } }
                    h2 { (t.get(key::org_languages)) }
                    ul class="tags" { @for code in &languages { li { (reference.language(code)) } } }
                }
                @if !persons.is_empty() {
                    section aria-labelledby="persons-title" {
                        h2 id="persons-title" { (t.get(key::org_contact_persons)) }
                        ul { @for p in &persons { li { (p.display_name) " – " a href=(format!("mailto:{}", p.email)) { (p.email) } } } }
                    }
                }
            }
            section aria-labelledby="org-events-title" {
                h2 id="org-events-title" { (t.get(key::org_events)) }
                @if events.items.is_empty() { p { (t.get(key::org_no_events)) } }
                ul class="cards" {
                    @for (_, e) in &events.items {
                        li class="card" { h3 { a href=(format!("/events/{}", e.id)) { (e.title) } } p class="meta" { (t.date_time(e.starts_at)) } }
                    }
                }
            }
            @if !groups.is_empty() {
                section aria-labelledby="org-groups-title" {
                    h2 id="org-groups-title" { (t.get(key::org_groups)) }
                    ul data-testid="organisation-groups" { @for g in &groups { li { a href=(format!("/groups/{}", g.slug)) { (g.name) } } } }
                }
            }
            section aria-labelledby="offerings-title" {
                h2 id="offerings-title" { (t.get(key::org_offerings)) }
                @if offerings.is_empty() { p { (t.get(key::org_no_offerings)) } }
                ul class="cards" {
                    @for o in &offerings {
                        @let own = translations.remove(&o.id).unwrap_or_default();
                        (offering(t, o, &shown((o.description.as_deref(), Some(o.title.as_str())), &org.content_language, &own, wanted), &reference))
                    }
                }
            }
        }
    };
    let description = org.description.clone().unwrap_or_else(|| org.name.clone()).chars().take(160).collect();
    let json_ld = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": org.name,
        "url": state.shell.url(&format!("/organisations/{}", org.slug)),
        "description": org.description,
        "sameAs": org.website,
        "email": org.email,
        "telephone": org.phone,
        "foundingDate": org.founded_year.map(|y| y.to_string()),
        "address": address.as_ref().map(|_| json!({
            "@type": "PostalAddress",
            "streetAddress": org.street,
            "postalCode": org.postal_code,
            "addressLocality": org.city,
            "addressRegion": org.district_id.map(|d| reference.district(&d).to_owned()),
            "addressCountry": "DE",
        })),
        "knowsLanguage": languages,
        "memberOf": groups.iter().map(|g| json!({ "@type": "Organization", "name": g.name, "url": state.shell.url(&format!("/groups/{}", g.slug)) })).collect::<Vec<_>>(),
        "makesOffer": offerings.iter().map(|o| json!({ "@type": "Offer", "name": o.title, "description": o.description })).collect::<Vec<_>>(),
    });
    state.shell.render(Page {
        status: StatusCode::OK,
        texts: t,
        title: org.name.clone(),
        description,
        path: format!("/organisations/{}", org.slug),
        index: true,
        kind: "profile",
        json_ld: Some(without_nulls(json_ld)),
        content,
    })
}

/// "Language of this text: Arabic · Other languages: German, English", each other
/// language a link to the page with the texts in it.
fn languages_note(t: Texts, shown: &Shown<'_>, reference: &Reference, slug: &str) -> maud::Markup {
    html! {
        @if !shown.others.is_empty() {
            p class="meta content-languages" data-testid="content-languages" {
                (t.fill(key::content_reading, &[("language", reference.language(shown.language))]))
                " · " (t.get(key::content_other_languages)) " "
                @for (i, other) in shown.others.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(format!("/organisations/{slug}?text={other}")) lang=(other) hreflang=(other) { (reference.language(other)) }
                }
            }
        }
    }
}

fn offering(t: Texts, o: &Offering, shown: &Shown<'_>, reference: &Reference) -> maud::Markup {
    let languages = o.language_codes.iter().map(|c| reference.language(c)).collect::<Vec<_>>().join(", ");
    let dir = direction_of(shown.language);
    html! {
        li class="card" data-testid="offering" {
            @if super::is_stale(o.confirmed_at) { p { span class="badge" data-testid="stale" { (t.get(key::stale_badge)) } } }
            h3 lang=(shown.language) dir=(dir) { (shown.title.unwrap_or(&o.title)) }
            @if let Some(d) = shown.text { p lang=(shown.language) dir=(dir) { (d) } }
            dl class="facts" {
                @if let Some(s) = &o.schedule { dt { (t.get(key::org_schedule)) } dd { (s) } }
                dt { (t.get(key::org_cost)) }
                dd { @if let Some(c) = &o.cost { (c) } @else if o.free_of_charge { (t.get(key::org_free)) } @else { "–" } }
                @if !languages.is_empty() { dt { (t.get(key::org_delivered_in)) } dd { (languages) } }
                @if let Some(a) = &o.accessibility { dt { (t.get(key::org_accessibility)) } dd { (a) } }
            }
        }
    }
}

/// schema.org data without the fields an organisation left empty.
pub(super) fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            serde_json::Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect())
        }
        other => other,
    }
}
