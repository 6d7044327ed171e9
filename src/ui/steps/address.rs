//! Step 2: the address and its provider. The provider is recognised as the person types; they can
//! also pick it from a searchable list, or enter the servers by hand (port and security kept in
//! step, with a warning for unencrypted choices).

use eframe::egui::{self, RichText, Ui};

use crate::core::address::Address;
use crate::core::discovery::{Found, Source, SourceStatus};
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::ports::{security_for_port, standard_port};
use crate::core::probe::Protocol;
use crate::core::provider::model::{Provider, ProviderKind, Security, UsernameForm};
use crate::core::provider::{Lookup, database};
use crate::core::settings::Incoming;
use crate::ui::state::{Action, Discovery, ManualServer, ProviderChoice, Wizard};
use crate::ui::widgets;

/// Draws step 2.
pub fn address_ui(ui: &mut Ui, w: &mut Wizard) -> Option<Action> {
    let lang = w.lang;
    widgets::heading(ui, &tr(lang, "address-heading"));
    let label = ui.label(w.control_label(&tr(lang, "address-label")));
    let field = ui.add(
        egui::TextEdit::singleline(&mut w.persisted.address)
            .hint_text(tr(lang, "address-hint"))
            .desired_width(420.0)
            .font(egui::TextStyle::Heading),
    );
    let field = field.labelled_by(label.id);
    if std::mem::take(&mut w.focus_pending) {
        field.request_focus();
    }
    // Enter in the address field moves on when the step is complete (or starts the search for
    // an unknown domain).
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let now = ui.input(|i| i.time);
    if field.changed() {
        w.address_edited_at = Some(now);
        if w.persisted.provider_choice != ProviderChoice::Manual {
            // A new address means a new recognition; a pick from the list stays only if the
            // person made it for a custom domain.
            if let Lookup::Found { .. } = w.lookup() {
                w.persisted.provider_choice = ProviderChoice::Detected;
            }
        }
    }
    ui.add_space(8.0);
    let mut action = None;

    // An unknown domain: search for its settings once the person stops typing (or presses
    // Enter), unless they already chose another way.
    if let Lookup::NotInList { address } = w.lookup() {
        let searched = w.discovery.domain() == Some(address.domain_ascii.as_str());
        if w.persisted.provider_choice == ProviderChoice::Detected && !searched {
            let quiet_for = w.address_edited_at.map_or(f64::INFINITY, |t| now - t);
            if enter || (w.auto_discover && quiet_for >= AUTO_SEARCH_AFTER_SECS) {
                action = Some(Action::StartDiscovery);
            } else if w.auto_discover {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(
                        (AUTO_SEARCH_AFTER_SECS - quiet_for).max(0.05),
                    ));
            }
        }
    }

    match w.lookup() {
        Lookup::Malformed(e) => {
            if !w.persisted.address.trim().is_empty() {
                widgets::error(ui, &tr(lang, e.message_id()));
            }
        }
        Lookup::NotInList { address } => {
            if w.persisted.provider_choice == ProviderChoice::Detected
                && let Some(a) = discovery_card(ui, w, &address)
            {
                action = Some(a);
            }
        }
        Lookup::Found { .. } => {}
    }

    match w.persisted.provider_choice.clone() {
        ProviderChoice::Manual => {}
        ProviderChoice::Found => found_card(ui, w),
        _ => {
            if let Some(p) = w.provider() {
                provider_card(
                    ui,
                    lang,
                    p,
                    w.persisted.provider_choice != ProviderChoice::Detected,
                );
            }
        }
    }

    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let list_label = if w.provider_list_open {
            "address-hide-list"
        } else {
            "address-show-list"
        };
        if ui.button(w.control_label(&tr(lang, list_label))).clicked() {
            w.provider_list_open = !w.provider_list_open;
        }
        let manual = w.persisted.provider_choice == ProviderChoice::Manual;
        if ui
            .selectable_label(manual, w.control_label(&tr(lang, "address-manual")))
            .clicked()
        {
            if manual {
                w.persisted.provider_choice = ProviderChoice::Detected;
            } else {
                start_manual(w);
            }
        }
    });

    if w.provider_list_open {
        provider_list(ui, w);
    }
    if w.persisted.provider_choice == ProviderChoice::Manual {
        manual_form(ui, w);
    }
    // For the help desk, last on the step: what every mail program finds for a domain no list
    // knows, and what the organisation's IT could publish so that they all find it.
    if let Lookup::NotInList { address } = w.lookup()
        && w.persisted.helpdesk
        && crate::core::discovery::built_in(&address.domain_ascii).is_none()
        && let Some(a) = super::domain_panel::domain_panel(ui, w, &address.domain_ascii)
    {
        action = Some(a);
    }
    if enter && w.blocker().is_none() {
        return Some(Action::Goto(crate::ui::state::Step::Protocol));
    }
    action
}

/// Seconds without typing before the search for an unknown domain starts by itself.
const AUTO_SEARCH_AFTER_SECS: f64 = 1.2;

/// The unknown-domain card: not in the list, the search while it runs (each source with its
/// status, and Stop), or that nothing was found.
fn discovery_card(ui: &mut Ui, w: &mut Wizard, address: &Address) -> Option<Action> {
    let lang = w.lang;
    let domain = Arg::Str(&address.domain_unicode);
    let mut action = None;
    widgets::card(ui, |ui| match &w.discovery {
        Discovery::Searching { progress, .. } => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(
                    RichText::new(tr_args(lang, "discover-searching", &[("domain", domain)]))
                        .strong(),
                );
            });
            ui.add_space(4.0);
            for source in &Source::ALL[1..] {
                let status = progress
                    .iter()
                    .find(|p| p.source == *source)
                    .map_or(&SourceStatus::Running, |p| &p.status);
                ui.horizontal(|ui| {
                    let slot = egui::vec2(18.0, 18.0);
                    let color = match status {
                        SourceStatus::Running => {
                            ui.add_sized(slot, egui::Spinner::new());
                            None
                        }
                        SourceStatus::Found => {
                            let c = widgets::ok_color(ui);
                            ui.add_sized(slot, egui::Label::new(RichText::new("✓").color(c)));
                            Some(c)
                        }
                        SourceStatus::Nothing(_) | SourceStatus::Cancelled => {
                            ui.add_sized(slot, egui::Label::new(RichText::new("–").weak()));
                            None
                        }
                    };
                    ui.label(tr(lang, source.message_id()));
                    let text = RichText::new(tr(lang, status.message_id())).weak();
                    ui.label(match color {
                        Some(c) => text.color(c),
                        None => text,
                    });
                });
            }
            ui.add_space(4.0);
            if ui
                .button(w.control_label(&tr(lang, "discover-stop")))
                .clicked()
            {
                action = Some(Action::CancelDiscovery);
            }
        }
        Discovery::Finished {
            found: false,
            statuses,
            ..
        } => {
            widgets::para(
                ui,
                &tr_args(lang, "discover-nothing", &[("domain", domain)]),
            );
            // What each source answered, for the person's IT or the help desk.
            egui::CollapsingHeader::new(tr(lang, "discover-why-nothing"))
                .id_salt("discover-why-nothing")
                .show(ui, |ui| {
                    for p in statuses.iter().filter(|p| p.source != Source::Builtin) {
                        let said = p
                            .status
                            .reason()
                            .unwrap_or_else(|| tr(lang, p.status.message_id()));
                        ui.label(
                            RichText::new(format!("{}: {said}", tr(lang, p.source.message_id())))
                                .weak(),
                        );
                    }
                });
            ui.add_space(4.0);
            if ui
                .button(w.control_label(&tr(lang, "discover-search")))
                .clicked()
            {
                action = Some(Action::StartDiscovery);
            }
        }
        _ => {
            widgets::para(
                ui,
                &tr_args(lang, "address-not-in-list", &[("domain", domain)]),
            );
            ui.add_space(4.0);
            if ui
                .button(w.control_label(&tr(lang, "discover-search")))
                .clicked()
            {
                action = Some(Action::StartDiscovery);
            }
        }
    });
    action
}

/// What discovery found: where from, the servers, how far to trust them, and the person's
/// confirmation before any code goes to servers from an untrusted source.
fn found_card(ui: &mut Ui, w: &mut Wizard) {
    let lang = w.lang;
    let provider = w.provider();
    let Some(found) = w.found().cloned() else {
        return;
    };
    let mut edit = false;
    widgets::card(ui, |ui| {
        let source = tr(lang, found.discovered.source.message_id());
        ui.label(tr_args(
            lang,
            "discover-found-by",
            &[("source", Arg::Str(&source))],
        ));
        let name = provider
            .map(|p| p.display_name.get(lang).to_owned())
            .or_else(|| found.discovered.display_name.clone())
            .unwrap_or_else(|| found.domain.clone());
        ui.label(RichText::new(&name).size(20.0).strong());
        if let Some(p) = provider {
            widgets::para(
                ui,
                &tr_args(lang, "discover-hosted-by", &[("provider", Arg::Str(&name))]),
            );
            widgets::para(ui, &tr(lang, p.password_kind.needs_id()));
        }
        ui.add_space(4.0);
        egui::Grid::new("found-servers")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                let rows = [
                    (
                        tr_args(lang, "discover-incoming", &[("protocol", Arg::Str("IMAP"))]),
                        found.discovered.imap.first(),
                    ),
                    (
                        tr_args(lang, "discover-incoming", &[("protocol", Arg::Str("POP3"))]),
                        found.discovered.pop3.first(),
                    ),
                    (tr(lang, "discover-outgoing"), found.discovered.smtp.first()),
                ];
                for (label, endpoint) in rows {
                    let Some(e) = endpoint else { continue };
                    ui.label(label);
                    let security = tr(lang, e.security.message_id());
                    ui.label(
                        RichText::new(format!("{}:{}  {security}", e.host, e.port)).monospace(),
                    );
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        if found.discovered.trusted {
            let why = tr(lang, found.trusted_message_id());
            ui.label(RichText::new(why).color(widgets::ok_color(ui)));
        } else if found.confirmed {
            ui.label(RichText::new(tr(lang, "discover-confirmed")).color(widgets::ok_color(ui)));
        } else {
            widgets::warning(ui, &tr(lang, "discover-untrusted"));
            ui.add_space(4.0);
            if ui
                .button(w.control_label(&tr(lang, "discover-confirm")))
                .clicked()
                && let Some(f) = w.persisted.found.as_mut()
            {
                f.confirmed = true;
            }
        }
        if let Some(p) = provider {
            for q in &p.quirks {
                widgets::warning(ui, &tr(lang, q.message_id()));
            }
        }
        ui.add_space(4.0);
        edit = ui
            .button(w.control_label(&tr(lang, "discover-edit")))
            .clicked();
    });
    if edit {
        start_manual(w);
    }
}

/// Switches to manual entry: keeps the provider's code guidance, fills in what is known, and
/// starts the incoming port at the standard one for the chosen protocol.
fn start_manual(w: &mut Wizard) {
    let base = w.provider().filter(|p| p.kind != ProviderKind::Company);
    w.persisted.manual_based_on = base.map(|p| p.id.clone());
    if w.persisted.provider_choice == ProviderChoice::Found
        && let Some(found) = w.found().cloned()
    {
        // Whatever the source (autoconfig, ISPDB, MX, SRV, guessing), the form starts from
        // exactly what was found, so editing one value does not mean typing all the others.
        fill_manual_from_found(w, &found);
        w.persisted.provider_choice = ProviderChoice::Manual;
        return;
    }
    let protocol = w.persisted.incoming.protocol();
    let m = &mut w.persisted.manual;
    if m.incoming.host.trim().is_empty() {
        let known = base.and_then(|p| match w.persisted.incoming {
            Incoming::Imap => p.preferred_imap(),
            Incoming::Pop3 => p.preferred_pop3(),
        });
        if let Some(e) = known {
            m.incoming.host = e.host.clone();
            m.incoming.security = e.security;
            m.incoming.port = e.port.to_string();
        } else {
            m.incoming.port = standard_port(protocol, m.incoming.security).to_string();
        }
    }
    if m.outgoing.host.trim().is_empty()
        && let Some(e) = base.and_then(|p| p.preferred_smtp())
    {
        m.outgoing.host = e.host.clone();
        m.outgoing.security = e.security;
        m.outgoing.port = e.port.to_string();
    }
    w.persisted.provider_choice = ProviderChoice::Manual;
}

/// Puts the discovered servers into the manual form: the preferred incoming server of the chosen
/// protocol (or of the other one, when only that was found, which then becomes the choice), the
/// preferred SMTP server, and the login name form.
fn fill_manual_from_found(w: &mut Wizard, found: &Found) {
    let (imap, pop3) = (found.discovered.imap.first(), found.discovered.pop3.first());
    let incoming = match (w.persisted.incoming, imap, pop3) {
        (Incoming::Imap, Some(e), _) | (Incoming::Pop3, _, Some(e)) => Some(e),
        (Incoming::Imap, None, Some(e)) => {
            w.persisted.incoming = Incoming::Pop3;
            Some(e)
        }
        (Incoming::Pop3, Some(e), None) => {
            w.persisted.incoming = Incoming::Imap;
            Some(e)
        }
        (_, None, None) => None,
    };
    let m = &mut w.persisted.manual;
    if let Some(e) = incoming {
        m.incoming = ManualServer::from_endpoint(e);
    }
    if let Some(e) = found.discovered.smtp.first() {
        m.outgoing = ManualServer::from_endpoint(e);
    }
    // Empty means the full address; the local part is written out.
    m.username = match found.discovered.username {
        UsernameForm::FullAddress => String::new(),
        UsernameForm::LocalPart => crate::core::address::parse(&w.persisted.address)
            .map(|a| a.local)
            .unwrap_or_default(),
    };
}

fn provider_card(ui: &mut Ui, lang: Lang, p: &Provider, picked: bool) {
    widgets::card(ui, |ui| {
        let title = if picked {
            "address-picked"
        } else {
            "address-recognised"
        };
        ui.label(tr(lang, title));
        ui.label(RichText::new(p.display_name.get(lang)).size(20.0).strong());
        let needs = tr(lang, p.password_kind.needs_id());
        widgets::para(ui, &needs);
        if p.kind == ProviderKind::Company {
            ui.add_space(4.0);
            for (i, step) in p.setup_steps.get(lang).iter().enumerate() {
                widgets::para(ui, &format!("{}. {step}", i + 1));
            }
        }
        for q in &p.quirks {
            widgets::warning(ui, &tr(lang, q.message_id()));
        }
    });
}

fn provider_list(ui: &mut Ui, w: &mut Wizard) {
    let lang = w.lang;
    ui.add_space(6.0);
    widgets::card(ui, |ui| {
        let label = ui.label(w.control_label(&tr(lang, "address-search-label")));
        ui.add(
            egui::TextEdit::singleline(&mut w.provider_query)
                .hint_text(tr(lang, "address-search-hint"))
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        ui.add_space(4.0);
        egui::ScrollArea::vertical()
            .id_salt("provider-list")
            .max_height(220.0)
            .show(ui, |ui| {
                for p in database().search(&w.provider_query) {
                    let selected =
                        w.persisted.provider_choice == ProviderChoice::Picked(p.id.clone());
                    let domains = if p.domains.is_empty() {
                        String::new()
                    } else {
                        let shown: Vec<&str> =
                            p.domains.iter().take(3).map(String::as_str).collect();
                        format!("  ({})", shown.join(", "))
                    };
                    let text = format!("{}{domains}", p.display_name.get(lang));
                    if ui.selectable_label(selected, text).clicked() {
                        if p.kind == ProviderKind::Company {
                            start_manual(w);
                        } else {
                            w.persisted.provider_choice = ProviderChoice::Picked(p.id.clone());
                        }
                        w.provider_list_open = false;
                    }
                }
            });
    });
}

fn manual_form(ui: &mut Ui, w: &mut Wizard) {
    let lang = w.lang;
    let incoming_protocol = w.persisted.incoming.protocol();
    ui.add_space(6.0);
    widgets::card(ui, |ui| {
        widgets::para(ui, &tr(lang, "manual-intro"));
        if let Some(company) = database()
            .all()
            .iter()
            .find(|p| p.kind == ProviderKind::Company)
        {
            egui::CollapsingHeader::new(tr(lang, "manual-ask-it"))
                .id_salt("ask-it")
                .show(ui, |ui| {
                    for (i, step) in company.setup_steps.get(lang).iter().enumerate() {
                        widgets::para(ui, &format!("{}. {step}", i + 1));
                    }
                });
        }
        ui.add_space(6.0);
        let incoming_title = tr_args(
            lang,
            "manual-incoming",
            &[("protocol", Arg::Str(w.persisted.incoming.name()))],
        );
        // Help-desk numbers, in the order the fields are drawn.
        let field_labels = |w: &Wizard| {
            ["manual-host", "manual-port", "manual-security"]
                .map(|id| w.control_label(&tr(lang, id)))
        };
        let labels = field_labels(w);
        server_fields(
            ui,
            lang,
            "in",
            &incoming_title,
            &labels,
            incoming_protocol,
            &mut w.persisted.manual.incoming,
        );
        ui.add_space(6.0);
        let labels = field_labels(w);
        server_fields(
            ui,
            lang,
            "out",
            &tr(lang, "manual-outgoing"),
            &labels,
            Protocol::Smtp,
            &mut w.persisted.manual.outgoing,
        );
        ui.add_space(6.0);
        let username_label = w.control_label(&tr(lang, "manual-username"));
        ui.horizontal(|ui| {
            let label = ui.label(username_label);
            ui.add(
                egui::TextEdit::singleline(&mut w.persisted.manual.username)
                    .hint_text(tr(lang, "manual-username-hint"))
                    .desired_width(280.0),
            )
            .labelled_by(label.id);
        });
    });
}

fn server_fields(
    ui: &mut Ui,
    lang: Lang,
    id: &str,
    title: &str,
    labels: &[String; 3],
    protocol: Protocol,
    server: &mut ManualServer,
) {
    ui.label(RichText::new(title).strong());
    egui::Grid::new(("manual-grid", id))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let host_label = ui.label(&labels[0]);
            ui.add(
                egui::TextEdit::singleline(&mut server.host)
                    .hint_text(tr(lang, "manual-host-hint"))
                    .desired_width(280.0),
            )
            .labelled_by(host_label.id);
            ui.end_row();

            let port_label = ui.label(&labels[1]);
            let port = ui
                .add(egui::TextEdit::singleline(&mut server.port).desired_width(80.0))
                .labelled_by(port_label.id);
            if port.changed() {
                // Typing a standard port picks the security that goes with it.
                if let Some(sec) = server
                    .port
                    .trim()
                    .parse()
                    .ok()
                    .and_then(|p| security_for_port(protocol, p))
                {
                    server.security = sec;
                }
            }
            ui.end_row();

            ui.label(&labels[2]);
            ui.horizontal(|ui| {
                for sec in Security::ALL {
                    let text = tr(lang, sec.message_id());
                    // Each choice keeps its own name ("STARTTLS"): `labelled_by` would replace
                    // it, and a screen reader would say "Security:" three times.
                    if ui.selectable_label(server.security == sec, text).clicked()
                        && server.security != sec
                    {
                        // Keep the pair consistent: a standard port follows the security.
                        let port_is_standard = server
                            .port
                            .trim()
                            .parse()
                            .ok()
                            .and_then(|p| security_for_port(protocol, p))
                            .is_some()
                            || server.port.trim().is_empty();
                        server.security = sec;
                        if port_is_standard {
                            server.port = standard_port(protocol, sec).to_string();
                        }
                    }
                }
            });
            ui.end_row();
        });
    if server.security == Security::None {
        widgets::warning(ui, &tr(lang, "manual-unencrypted-warning"));
    }
    if !server.host.trim().is_empty() && server.endpoint().is_none() {
        widgets::error(ui, &tr(lang, "manual-invalid"));
    }
    if let Ok(port) = server.port.trim().parse::<u16>() {
        let other_protocol = [Protocol::Imap, Protocol::Pop3, Protocol::Smtp]
            .into_iter()
            .filter(|p| *p != protocol)
            .find(|p| security_for_port(*p, port).is_some());
        if let (None, Some(other)) = (security_for_port(protocol, port), other_protocol) {
            widgets::warning(
                ui,
                &tr_args(
                    lang,
                    "manual-port-other-protocol",
                    &[
                        ("port", Arg::Num(i64::from(port))),
                        ("protocol", Arg::Str(&other.code().to_uppercase())),
                    ],
                ),
            );
        }
        if let Some(expected) = security_for_port(protocol, port)
            && expected != server.security
        {
            widgets::warning(ui, &tr(lang, "manual-pair-mismatch"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::discovery::{Discovered, Source};
    use crate::core::provider::model::{Endpoint, PasswordKind};
    use crate::ui::state::Persisted;

    fn endpoint(host: &str, port: u16, security: Security) -> Endpoint {
        Endpoint {
            host: host.into(),
            port,
            security,
        }
    }

    #[test]
    fn editing_found_servers_keeps_protocol_port_security_and_login_form() {
        let mut w = Wizard::new(Persisted::default(), Lang::En);
        w.persisted.address = "first.last@pop-only.test".into();
        // Something the person typed earlier is replaced by what was found.
        w.persisted.manual.outgoing.host = "old.example".into();
        w.persisted.found = Some(Found::new(
            "pop-only.test",
            Discovered {
                source: Source::Autoconfig,
                trusted: true,
                provider_id: None,
                display_name: None,
                imap: Vec::new(),
                pop3: vec![
                    endpoint("pop.pop-only.test", 1995, Security::Tls),
                    endpoint("pop2.pop-only.test", 110, Security::Starttls),
                ],
                smtp: vec![endpoint("smtp.pop-only.test", 2587, Security::Starttls)],
                username: UsernameForm::LocalPart,
                password_kind: PasswordKind::Password,
            },
        ));
        w.persisted.provider_choice = ProviderChoice::Found;
        assert_eq!(w.persisted.incoming, Incoming::Imap);

        start_manual(&mut w);
        assert_eq!(w.persisted.provider_choice, ProviderChoice::Manual);
        // Only POP3 was found, so the form is for POP3, with the preferred server.
        assert_eq!(w.persisted.incoming, Incoming::Pop3);
        let m = &w.persisted.manual;
        assert_eq!(
            (m.incoming.host.as_str(), m.incoming.port.as_str()),
            ("pop.pop-only.test", "1995")
        );
        assert_eq!(m.incoming.security, Security::Tls);
        assert_eq!(
            (m.outgoing.host.as_str(), m.outgoing.port.as_str()),
            ("smtp.pop-only.test", "2587")
        );
        assert_eq!(m.outgoing.security, Security::Starttls);
        assert_eq!(m.username, "first.last");
        let settings = w.settings().expect("settings");
        assert_eq!(settings.username, "first.last");
        assert_eq!(settings.incoming.port, 1995);
    }
}
