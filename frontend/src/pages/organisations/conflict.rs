//! What a profile save that meets a `CONFLICT` shows: the saved profile beside the
//! person's own, field by field, where they differ.

use leptos::prelude::*;
use migraup_domain::FieldVisibility;

use crate::{
    components::{form::Choices, select::Labelled},
    i18n::*,
};

use super::form_types::Fields;

/// A number as the inputs hold it, written alike ("52.50" and "52.5" are one value).
fn number_text(text: &str) -> String {
    text.trim().parse::<f64>().map_or_else(|_| text.trim().to_owned(), |n| n.to_string())
}

/// The descriptions in more languages in one line ("ar: …; uk: …"), in language order.
fn translations_line(list: &[(String, String)]) -> String {
    let mut list: Vec<String> = list.iter().filter(|(_, t)| !t.is_empty()).map(|(l, t)| format!("{l}: {t}")).collect();
    list.sort();
    list.join("; ")
}

/// How the conflict view writes one field of a profile.
type Show<'a> = Box<dyn Fn(&Fields) -> String + 'a>;

fn row<'a>(label: &'static str, show: impl Fn(&Fields) -> String + 'a) -> (&'static str, Show<'a>) {
    (label, Box::new(show))
}

/// Every field with its label, in the form's order.
fn fields(i18n: I18nContext, choices: &Choices) -> Vec<(&'static str, Show<'_>)> {
    let one = |list: &[(String, String)], id: &String| Choices::names(list, std::slice::from_ref(id));
    // A contact field without a visibility (the API gave none) writes nothing.
    let seen = move |v: &Option<FieldVisibility>| v.map_or("", |v| v.label(i18n)).to_string();
    vec![
        row(t_string!(i18n, edit_name), |f| f.name.clone()),
        row(t_string!(i18n, edit_legal_form), |f| f.legal_form.clone()),
        row(t_string!(i18n, edit_founded_year), |f| number_text(&f.founded_year)),
        row(t_string!(i18n, edit_description), |f| f.description.clone()),
        row(t_string!(i18n, edit_content_language), move |f| one(&choices.languages, &f.content_language)),
        row(t_string!(i18n, edit_translations), |f| translations_line(&f.translations)),
        row(t_string!(i18n, edit_website), |f| f.website.clone()),
        row(t_string!(i18n, edit_email), |f| f.email.clone()),
        row(t_string!(i18n, edit_email_visibility), move |f| seen(&f.email_visibility)),
        row(t_string!(i18n, edit_phone), |f| f.phone.clone()),
        row(t_string!(i18n, edit_phone_visibility), move |f| seen(&f.phone_visibility)),
        row(t_string!(i18n, edit_street), |f| f.street.clone()),
        row(t_string!(i18n, edit_postal_code), |f| f.postal_code.clone()),
        row(t_string!(i18n, edit_city), |f| f.city.clone()),
        row(t_string!(i18n, edit_address_visibility), move |f| seen(&f.address_visibility)),
        row(t_string!(i18n, edit_latitude), |f| number_text(&f.latitude)),
        row(t_string!(i18n, edit_longitude), |f| number_text(&f.longitude)),
        row(t_string!(i18n, edit_district), move |f| one(&choices.districts, &f.district)),
        row(t_string!(i18n, edit_visibility), move |f| f.visibility.label(i18n).to_string()),
        row(t_string!(i18n, edit_topics), |f| Choices::names(&choices.topics, &f.topics)),
        row(t_string!(i18n, edit_languages), |f| Choices::names(&choices.languages, &f.languages)),
        row(t_string!(i18n, edit_target_groups), |f| Choices::names(&choices.target_groups, &f.target_groups)),
    ]
}

/// Where the saved profile differs from the person's text, field by field.
pub(super) fn conflict_notice(i18n: I18nContext, choices: &Choices, current: &Fields, yours: &Fields) -> impl IntoView + use<> {
    let rows: Vec<(&str, String, String)> = fields(i18n, choices)
        .into_iter()
        .map(|(label, show)| (label, show(current), show(yours)))
        .filter(|(_, now, mine)| now != mine)
        .collect();
    let empty = t_string!(i18n, empty_value).to_string();
    view! {
        <div class="notice notice-error" role="alert" data-testid="conflict">
            <p>
                <strong>{t_string!(i18n, conflict_title)}</strong>
            </p>
            <p>{t_string!(i18n, conflict_text)}</p>
            <table class="diff">
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col">{t_string!(i18n, conflict_current)}</th>
                        <th scope="col">{t_string!(i18n, conflict_yours)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(label, now, mine)| {
                            let or_empty = |v: String| if v.is_empty() { empty.clone() } else { v };
                            view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    <td data-testid="conflict-current">{or_empty(now)}</td>
                                    <td>{or_empty(mine)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
