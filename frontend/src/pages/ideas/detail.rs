//! One idea: what it is, the gap it answers, the measure it became, its supporters
//! (and a representative's support), its timeline, its comments, and for the
//! coordination team and the administration the next step.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};
use migraup_domain::IdeaStatus;

use crate::{
    api::{
        self, ApiError, CommentOnIdea, EditComment, IdeaPage, IdeaToProject, MoveIdea, RemoveComment, SupportIdea, comment_on_idea,
        edit_comment, idea_page, idea_to_project, move_idea, remove_comment, support_idea,
    },
    components::{
        feedback::loaded,
        form::FormError,
        labels::date,
        select::{Binding, Labelled, Select},
    },
    i18n::*,
    session::use_session,
};

type Idea = idea_page::IdeaPageIdea;

/// Runs `op`, then reloads the page; a `CONFLICT` reads as `conflict`.
fn run<Q: graphql_client::GraphQLQuery + 'static>(
    session: crate::session::Session,
    i18n: I18nContext,
    vars: Q::Variables,
    error: RwSignal<Option<ApiError>>,
    reload: Callback<()>,
    conflict: &'static str,
) {
    error.set(None);
    spawn_local(async move {
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        match session.fetch::<Q>(vars, &lang).await {
            Ok(_) => reload.run(()),
            Err(e) if e.code() == "CONFLICT" => {
                error.set(Some(ApiError::Graphql { code: e.code().into(), field: None, message: conflict.into() }));
                reload.run(());
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

/// One idea.
#[component]
pub fn IdeaDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || api::body::<IdeaPage>(idea_page::Variables { id: params.get().get("id").unwrap_or_default() }));
    let reload = Callback::new(move |()| data.refetch());
    view! {
        {loaded::<IdeaPage>(data, move |d| match d.idea {
            None => view! { <p class="notice" role="alert">{t_string!(i18n, idea_not_found)}</p> }.into_any(),
            Some(idea) => {
                let mine: Vec<(String, String)> =
                    d.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| (o.id, o.name))).collect()).unwrap_or_default();
                let groups: Vec<(String, String)> = d.working_groups.into_iter().map(|g| (g.id, g.name)).collect();
                view! { <IdeaView idea mine groups reload /> }.into_any()
            }
        })}
    }
}

#[component]
fn IdeaView(idea: Idea, mine: Vec<(String, String)>, groups: Vec<(String, String)>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let shown = idea.translations.iter().find(|t| t.language == lang && lang != idea.content_language);
    let (title, description, text_lang) = match shown {
        Some(t) => (t.title.clone().unwrap_or(idea.title.clone()), t.description.clone().or(idea.description.clone()), t.language.clone()),
        None => (idea.title.clone(), idea.description.clone(), idea.content_language.clone()),
    };
    let dir = migraup_domain::kinds::direction_of(&text_lang);
    let gap = idea.gap_topic.clone().zip(idea.gap_district.clone());
    view! {
        <article class="idea" data-testid="idea-page">
            <p class="back"><A href="/ideas">{t_string!(i18n, idea_back)}</A></p>
            <div class="page-head"><h1 lang=text_lang.clone() dir=dir>{title}</h1></div>
            <p class="meta">
                <span class="badge" data-testid="idea-status">{idea.status.label(i18n)}</span>
                " · "
                {idea.visibility.label(i18n)}
                {idea.proposer_name.clone().map(|n| view! { " · " {t!(i18n, idea_proposed_by, name = n)} })}
                {idea.organisation.clone().map(|o| view! { " · " <A href=format!("/organisations/{}", o.slug)><bdi>{o.name}</bdi></A> })}
            </p>
            {description.map(|d| view! { <p class="description" lang=text_lang dir=dir>{d}</p> })}
            {gap.map(|(t, d)| view! { <p>{t!(i18n, idea_gap, topic = t.label, district = d.name)}</p> })}
            <ul class="tags">
                {idea.topics.iter().map(|t| view! { <li>{t.label.clone()}</li> }).collect_view()}
                {idea.districts.iter().map(|t| view! { <li>{t.name.clone()}</li> }).collect_view()}
                {idea.target_groups.iter().map(|t| view! { <li>{t.label.clone()}</li> }).collect_view()}
            </ul>
            {idea.group.clone().map(|g| view! { <p>{t_string!(i18n, idea_group)} ": " <A href=format!("/groups/{}", g.slug)>{g.name}</A></p> })}
            {idea.owner.clone().map(|o| {
                let due = idea.due_on.clone().map(|d| date(i18n, &d));
                view! {
                    <section aria-labelledby="idea-measure-title">
                        <h2 id="idea-measure-title">{t_string!(i18n, idea_measure)}</h2>
                        <dl>
                            <dt>{t_string!(i18n, idea_owner)}</dt>
                            <dd><A href=format!("/organisations/{}", o.slug)><bdi>{o.name}</bdi></A></dd>
                            {due.map(|d| view! { <dt>{t_string!(i18n, idea_due)}</dt><dd>{d}</dd> })}
                            {idea.resources.clone().map(|r| view! { <dt>{t_string!(i18n, idea_resources)}</dt><dd>{r}</dd> })}
                        </dl>
                        {idea.project_id.clone().map(|p| view! { <p><A href=format!("/projects/{p}")>{t_string!(i18n, idea_project)}</A></p> })}
                    </section>
                }
            })}
            {idea.status_reason.clone().map(|r| view! { <p><strong>{t_string!(i18n, idea_reason)} ": "</strong><bdi>{r}</bdi></p> })}
            <Supporters idea=idea.clone() mine reload />
            {(idea.can_move && (!next_steps(idea.status).is_empty() || (idea.status == IdeaStatus::Adopted && idea.project_id.is_none())))
                .then(|| view! { <NextStep idea=idea.clone() groups reload /> })}
            <section aria-labelledby="idea-timeline-title">
                <h2 id="idea-timeline-title">{t_string!(i18n, idea_timeline)}</h2>
                <ol class="timeline" data-testid="timeline">
                    {idea
                        .timeline
                        .iter()
                        .map(|s| {
                            let at = crate::components::labels::instant(i18n, &s.at, true);
                            view! {
                                <li>
                                    <time datetime=s.at.clone()>{at}</time>
                                    " · "
                                    <strong>{s.status.label(i18n)}</strong>
                                    {s.actor_name.clone().map(|n| view! { " · " <bdi>{n}</bdi> })}
                                    {s.note.clone().map(|n| view! { <p dir="auto">{n}</p> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
            <Comments idea reload />
        </article>
    }
}

#[component]
fn Supporters(idea: Idea, mine: Vec<(String, String)>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let choices: Vec<(String, String)> = mine.into_iter().filter(|(id, _)| idea.can_support_for.contains(id)).collect();
    let chosen = RwSignal::new(choices.first().map(|c| c.0.clone()).unwrap_or_default());
    let offer = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let id = idea.id.clone();
    let support = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = offer.get_untracked();
        let vars = support_idea::Variables {
            idea_id: id.clone(),
            organisation_id: chosen.get_untracked(),
            offer: Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        };
        run::<SupportIdea>(session, i18n, vars, error, reload, "");
    };
    view! {
        <section aria-labelledby="idea-supporters-title">
            <h2 id="idea-supporters-title">{t_string!(i18n, idea_supporters)}</h2>
            {idea.supports.is_empty().then(|| view! { <p>{t_string!(i18n, idea_no_supporters)}</p> })}
            <ul class="members" data-testid="supporters">
                {idea
                    .supports
                    .clone()
                    .into_iter()
                    .map(|s| {
                        view! {
                            <li>
                                <A href=format!("/organisations/{}", s.organisation.slug)><bdi>{s.organisation.name}</bdi></A>
                                {s.offer.map(|o| view! { " · " {t_string!(i18n, idea_offer)} ": " <bdi>{o}</bdi> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(!choices.is_empty()).then(|| view! {
                <form class="form" on:submit=support data-testid="support-form">
                    <FormError error=error />
                    <Select
                        id="idea-support-for"
                        label=t_string!(i18n, idea_support_for)
                        value=Binding::new(chosen, move |v| chosen.set(v))
                        options=Signal::stored(choices.clone())
                    />
                    <div class="field">
                        <label for="idea-support-offer">{t_string!(i18n, idea_support_offer)}</label>
                        <textarea id="idea-support-offer" rows="2" prop:value=move || offer.get() on:input=move |ev| offer.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit">{t_string!(i18n, idea_support_button)}</button>
                </form>
            })}
        </section>
    }
}

/// The steps the coordination team or the administration may take from here.
fn next_steps(from: IdeaStatus) -> Vec<IdeaStatus> {
    IdeaStatus::ALL.iter().copied().filter(|to| from.can_move_to(*to)).collect()
}

#[component]
fn NextStep(idea: Idea, groups: Vec<(String, String)>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let steps = next_steps(idea.status);
    let to = RwSignal::new(steps.first().copied());
    let (note, group, owner, due, resources, reason) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(
            idea.supports.first().map(|s| s.organisation.id.clone()).or(idea.organisation.clone().map(|o| o.id)).unwrap_or_default(),
        ),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let mut owners: Vec<(String, String)> =
        idea.supports.iter().map(|s| (s.organisation.id.clone(), s.organisation.name.clone())).collect();
    if let Some(o) = idea.organisation.as_ref().filter(|o| !owners.iter().any(|(id, _)| *id == o.id)) {
        owners.push((o.id.clone(), o.name.clone()));
    }
    let error = RwSignal::new(None::<ApiError>);
    let (id, version) = (idea.id.clone(), idea.version);
    let conflict = t_string!(i18n, idea_conflict);
    let id2 = id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(status) = to.get_untracked() else { return };
        let text = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty());
        let input = move_idea::IdeaStepInput {
            note: text(note),
            group_id: (status == IdeaStatus::UnderDiscussion).then(|| text(group)).flatten(),
            owner_organisation_id: (status == IdeaStatus::Adopted).then(|| text(owner)).flatten(),
            due_on: (status == IdeaStatus::Adopted).then(|| text(due)).flatten(),
            resources: (status == IdeaStatus::Adopted).then(|| text(resources)).flatten(),
            reason: (status == IdeaStatus::NotPursued).then(|| text(reason)).flatten(),
        };
        run::<MoveIdea>(
            session,
            i18n,
            move_idea::Variables { id: id2.clone(), expected_version: version, status, input },
            error,
            reload,
            conflict,
        );
    };
    let make_project = move |_| {
        let (id, navigate) = (id.clone(), navigate.clone());
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.fetch::<IdeaToProject>(idea_to_project::Variables { id, expected_version: version }, &lang).await {
                Ok(v) => navigate(&format!("/projects/{}", v["ideaToProject"]["id"].as_str().unwrap_or_default()), Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let field = move |status: IdeaStatus| move || to.get() == Some(status);
    view! {
        <section aria-labelledby="idea-move-title" class="panel">
            <h2 id="idea-move-title">{t_string!(i18n, idea_move)}</h2>
            <FormError error=error fields=&["ownerOrganisationId", "dueOn", "reason", "note", "resources", "groupId"] />
            {(idea.status == IdeaStatus::Adopted && idea.project_id.is_none()).then(|| view! {
                <p><button type="button" data-testid="idea-to-project" on:click=make_project>{t_string!(i18n, idea_to_project)}</button></p>
            })}
            {(!steps.is_empty()).then(|| view! {
                <form class="form" on:submit=save data-testid="move-form">
                    <Select id="idea-move-to" label=t_string!(i18n, idea_move_to) value=Binding::optional(move || to.get(), move |v| to.set(v)) />
                    <Show when=field(IdeaStatus::UnderDiscussion)>
                        <Select id="idea-move-group" label=t_string!(i18n, idea_move_group) value=Binding::new(group, move |v| group.set(v)) options=Signal::stored(groups.clone()) none="—".to_string() />
                    </Show>
                    <Show when=field(IdeaStatus::Adopted)>
                        <Select id="idea-move-owner" label=t_string!(i18n, idea_move_owner) value=Binding::new(owner, move |v| owner.set(v)) options=Signal::stored(owners.clone()) field=Signal::stored("ownerOrganisationId".to_string()) error=error />
                        <div class="field">
                            <label for="idea-move-due">{t_string!(i18n, idea_move_due)}</label>
                            <input id="idea-move-due" type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                            <p class="field-error">{move || crate::components::form::field_message(error, "dueOn")}</p>
                        </div>
                        <div class="field">
                            <label for="idea-move-resources">{t_string!(i18n, idea_move_resources)}</label>
                            <input id="idea-move-resources" type="text" prop:value=move || resources.get() on:input=move |ev| resources.set(event_target_value(&ev)) />
                        </div>
                    </Show>
                    <Show when=field(IdeaStatus::NotPursued)>
                        <div class="field">
                            <label for="idea-move-reason">{t_string!(i18n, idea_move_reason)}</label>
                            <textarea id="idea-move-reason" rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            <p class="field-error">{move || crate::components::form::field_message(error, "reason")}</p>
                        </div>
                    </Show>
                    <div class="field">
                        <label for="idea-move-note">{t_string!(i18n, idea_move_note)}</label>
                        <input id="idea-move-note" type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                    </div>
                    <button type="submit">{t_string!(i18n, idea_move_button)}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn Comments(idea: Idea, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let id = idea.id.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let vars = comment_on_idea::Variables { idea_id: id.clone(), body: body.get_untracked() };
        body.set(String::new());
        run::<CommentOnIdea>(session, i18n, vars, error, reload, "");
    };
    let signed_in = move || session.user.get().is_some();
    let no_comments = idea.comments.is_empty();
    view! {
        <section aria-labelledby="idea-comments-title">
            <h2 id="idea-comments-title">{t_string!(i18n, idea_comments)}</h2>
            <Show when=signed_in fallback=move || view! { <p class="meta">{t_string!(i18n, idea_comments_signed_in)}</p> }>
                {no_comments.then(|| view! { <p>{t_string!(i18n, idea_no_comments)}</p> })}
            </Show>
            <ul class="comments" data-testid="comments">
                {idea.comments.iter().cloned().map(|c| view! { <CommentItem comment=c reload /> }).collect_view()}
            </ul>
            {idea.can_comment.then(|| view! {
                <form class="form" on:submit=send data-testid="comment-form">
                    <FormError error=error fields=&["body"] />
                    <div class="field">
                        <label for="idea-comment">{t_string!(i18n, idea_comment_label)}</label>
                        <textarea id="idea-comment" rows="3" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                        <p class="field-error">{move || crate::components::form::field_message(error, "body")}</p>
                    </div>
                    <button type="submit">{t_string!(i18n, idea_comment_button)}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn CommentItem(comment: idea_page::IdeaPageIdeaComments, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editing = RwSignal::new(false);
    let text = RwSignal::new(comment.body.clone().unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let (id, id2) = (comment.id.clone(), comment.id.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        editing.set(false);
        run::<EditComment>(session, i18n, edit_comment::Variables { id: id.clone(), body: text.get_untracked() }, error, reload, "");
    };
    let remove = move |_| {
        run::<RemoveComment>(
            session,
            i18n,
            remove_comment::Variables { id: id2.clone(), reason: reason.get_untracked() },
            error,
            reload,
            "",
        )
    };
    let at = crate::components::labels::instant(i18n, &comment.created_at, true);
    let reason_id = format!("remove-reason-{}", comment.id);
    let edit_id = format!("edit-comment-{}", comment.id);
    view! {
        <li class="card" data-testid="comment">
            <p class="meta">
                {comment.author_name.clone().map(|n| view! { <bdi>{n}</bdi> " · " })}
                <time datetime=comment.created_at.clone()>{at}</time>
                {comment.edited.then(|| view! { " · " {t_string!(i18n, idea_comment_edited)} })}
            </p>
            <FormError error=error fields=&["body", "reason"] />
            {match (comment.body.clone(), comment.removed_reason.clone()) {
                (Some(b), _) => view! {
                    <Show when=move || !editing.get() fallback=move || view! {
                        <form class="form" on:submit=save.clone()>
                            <label for=edit_id.clone() class="visually-hidden">{t_string!(i18n, idea_comment_label)}</label>
                            <textarea id=edit_id.clone() rows="2" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                            <button type="submit">{t_string!(i18n, idea_comment_save)}</button>
                        </form>
                    }>
                        <p class="comment-body" dir="auto">{b.clone()}</p>
                    </Show>
                }
                .into_any(),
                (None, r) => view! { <p class="meta">{t!(i18n, idea_comment_removed, reason = r.unwrap_or_default())}</p> }.into_any(),
            }}
            {comment.can_edit.then(|| view! { <button type="button" class="secondary" on:click=move |_| editing.set(true)>{t_string!(i18n, idea_comment_edit)}</button> })}
            {comment.can_remove.then(|| view! {
                <details>
                    <summary>{t_string!(i18n, idea_comment_remove)}</summary>
                    <label for=reason_id.clone()>{t_string!(i18n, idea_comment_remove_reason)}</label>
                    <input id=reason_id type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <button type="button" class="secondary" on:click=remove>{t_string!(i18n, idea_comment_remove)}</button>
                </details>
            })}
        </li>
    }
}
