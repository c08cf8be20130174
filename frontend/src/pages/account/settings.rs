//! The account page: display name, interface language, password, and one's data (download, deletion).

use leptos::{prelude::*, task::spawn_local};
use migraup_domain::Lang;

use crate::{
    api::{
        Account, ApiError, ChangePassword, DeleteMyAccount, MyData, UpdateMyProfile, account, change_password, delete_my_account, my_data,
        update_my_profile,
    },
    components::{
        feedback::{ErrorNotice, loaded},
        form::{Field, FormError},
        select::Select,
    },
    i18n::*,
    session::use_session,
};

/// The account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Signed out, `me` is null: the page asks to sign in (and refetches on sign-in).
    let data = session.resource(move || crate::api::body::<Account>(account::Variables));
    view! {
        <h1>{t_string!(i18n, account_title)}</h1>
        {loaded::<Account>(data, move |d| match d.me {
            Some(me) => match crate::api::read::<Lang>(me.preferred_language.into()) {
                Ok(preferred_language) => {
                    view! {
                        <AccountForms display_name=me.display_name preferred_language=preferred_language />
                        <super::calendar_feed::CalendarFeedSection />
                        <MyDataSection />
                    }
                        .into_any()
                }
                Err(e) => view! { <ErrorNotice error=e on_retry=move || data.refetch() /> }.into_any(),
            },
            None => view! { <p class="notice">{t_string!(i18n, login_required)}</p> }.into_any(),
        })}
    }
}

#[component]
fn AccountForms(display_name: String, preferred_language: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = RwSignal::new(display_name);
    let language = RwSignal::new(preferred_language);
    let profile_error = RwSignal::new(None::<ApiError>);
    let profile_saved = RwSignal::new(false);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<ApiError>);
    let password_changed = RwSignal::new(false);
    let save_profile = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        profile_error.set(None);
        profile_saved.set(false);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let input = update_my_profile::ProfileUpdate {
                display_name: Some(name.get_untracked()),
                preferred_language: Some(language.get_untracked().as_str().to_owned()),
            };
            let saved = session.call::<UpdateMyProfile>(update_my_profile::Variables { input }, &lang).await.and_then(|d| {
                let chosen = crate::api::read::<Lang>(d.update_my_profile.preferred_language.clone().into())?;
                Ok((d, chosen))
            });
            match saved {
                Ok((d, chosen)) => {
                    profile_saved.set(true);
                    session.user.update(|u| {
                        if let Some(u) = u {
                            u.display_name = d.update_my_profile.display_name.clone();
                        }
                    });
                    // Last, and on its own turn: a new language renders the app anew,
                    // which ends this form.
                    spawn_local(async move { i18n.set_locale(chosen) });
                }
                Err(e) => profile_error.set(Some(e)),
            }
        });
    };
    let save_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        password_error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = change_password::Variables { current_password: current.get_untracked(), new_password: new.get_untracked() };
            match session.call::<ChangePassword>(vars, &lang).await {
                Ok(_) => {
                    password_changed.set(true);
                    current.set(String::new());
                    new.set(String::new());
                }
                Err(e) => password_error.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="profile-title" class="narrow">
            <h2 id="profile-title">{t_string!(i18n, account_profile)}</h2>
            <FormError error=profile_error fields=&["displayName", "preferredLanguage"] />
            {move || profile_saved.get().then(|| view! { <p class="notice" role="status" data-testid="profile-saved">{t_string!(i18n, account_saved)}</p> })}
            <form class="form" on:submit=save_profile novalidate>
                <Field
                    id="account-name"
                    field="displayName"
                    label=Signal::derive(move || t_string!(i18n, accept_name).to_string())
                    value=name
                    error=profile_error
                    autocomplete="name"
                />
                <Select
                    id="account-language"
                    label=t_string!(i18n, account_language)
                    value=language
                    field="preferredLanguage"
                    error=profile_error
                />
                <button type="submit">{t_string!(i18n, account_save)}</button>
            </form>
        </section>
        <section aria-labelledby="password-title" class="narrow">
            <h2 id="password-title">{t_string!(i18n, account_password)}</h2>
            <FormError error=password_error fields=&["currentPassword", "newPassword"] />
            {move || password_changed.get().then(|| view! { <p class="notice" role="status">{t_string!(i18n, account_password_changed)}</p> })}
            <form class="form" on:submit=save_password novalidate>
                <Field
                    id="account-current-password"
                    field="currentPassword"
                    label=Signal::derive(move || t_string!(i18n, account_current_password).to_string())
                    value=current
                    error=password_error
                    kind="password"
                    autocomplete="current-password"
                />
                <Field
                    id="account-new-password"
                    field="newPassword"
                    label=Signal::derive(move || t_string!(i18n, account_new_password).to_string())
                    value=new
                    error=password_error
                    kind="password"
                    autocomplete="new-password"
                />
                <button type="submit">{t_string!(i18n, account_password)}</button>
            </form>
        </section>
    }
}

/// `data:` URL of a JSON document, for a download link (percent-encoded by hand: the
/// characters a URL may not carry as they are).
fn json_data_url(json: &str) -> String {
    let mut out = String::from("data:application/json;charset=utf-8,");
    for b in json.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:,{}[]".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// GDPR rights: everything stored about me as a JSON file, and deleting my account.
#[component]
fn MyDataSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let download = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let password = RwSignal::new(String::new());
    let fetch = move |_| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.fetch::<MyData>(my_data::Variables, &lang).await {
                Ok(data) => download.set(Some(json_data_url(&serde_json::to_string_pretty(&data["myData"]).unwrap_or_default()))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = delete_my_account::Variables { password: password.get_untracked() };
            match session.fetch::<DeleteMyAccount>(vars, &lang).await {
                Ok(_) => {
                    session.user.set(None);
                    let _ = leptos::prelude::window().location().set_href("/");
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="my-data-title" class="narrow">
            <h2 id="my-data-title">{t_string!(i18n, mydata_title)}</h2>
            <p>{t_string!(i18n, mydata_lead)}</p>
            <FormError error=error fields=&["password"] />
            <p class="actions">
                <button type="button" on:click=fetch>{t_string!(i18n, mydata_prepare)}</button>
                {move || {
                    download
                        .get()
                        .map(|href| {
                            view! {
                                <a href=href download="migraup-meine-daten.json" data-testid="my-data-download">
                                    {t_string!(i18n, mydata_download)}
                                </a>
                            }
                        })
                }}
            </p>
            <h3>{t_string!(i18n, mydata_delete_title)}</h3>
            <p>{t_string!(i18n, mydata_delete_lead)}</p>
            <form class="form" on:submit=delete novalidate>
                <Field
                    id="delete-password"
                    field="password"
                    label=Signal::derive(move || t_string!(i18n, mydata_password).to_string())
                    value=password
                    error=error
                    kind="password"
                    autocomplete="current-password"
                />
                <button type="submit" class="danger">{t_string!(i18n, mydata_delete)}</button>
            </form>
        </section>
    }
}
