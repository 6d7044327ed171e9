//! Step 3: IMAP or POP3, compared side by side in terms of what each means for this person, with
//! a recommendation and what to set in the chosen client.

use eframe::egui::{self, RichText, Ui};

use crate::core::client::model::FieldKind;
use crate::core::i18n::{Arg, tr, tr_args};
use crate::core::ports::{security_for_port, standard_port};
use crate::core::settings::Incoming;
use crate::ui::state::{Action, ProviderChoice, Wizard};
use crate::ui::widgets;

/// One row of the side-by-side comparison: a question, answered once for IMAP and once for POP3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolRow {
    /// Which devices see the mail.
    Devices,
    /// Whether a copy stays on the server.
    ServerCopy,
    /// What can be read without a connection.
    Offline,
    /// Where the mail takes up space.
    Space,
}

impl ProtocolRow {
    /// Every row, in the order shown.
    pub const ALL: [ProtocolRow; 4] = [
        ProtocolRow::Devices,
        ProtocolRow::ServerCopy,
        ProtocolRow::Offline,
        ProtocolRow::Space,
    ];

    /// Message id of the row's question.
    pub fn label_id(self) -> &'static str {
        match self {
            ProtocolRow::Devices => "protocol-row-devices",
            ProtocolRow::ServerCopy => "protocol-row-server-copy",
            ProtocolRow::Offline => "protocol-row-offline",
            ProtocolRow::Space => "protocol-row-space",
        }
    }

    /// Message id of the row's answer for one protocol.
    pub fn answer_id(self, incoming: Incoming) -> &'static str {
        match (self, incoming) {
            (ProtocolRow::Devices, Incoming::Imap) => "protocol-imap-devices",
            (ProtocolRow::Devices, Incoming::Pop3) => "protocol-pop3-devices",
            (ProtocolRow::ServerCopy, Incoming::Imap) => "protocol-imap-server-copy",
            (ProtocolRow::ServerCopy, Incoming::Pop3) => "protocol-pop3-server-copy",
            (ProtocolRow::Offline, Incoming::Imap) => "protocol-imap-offline",
            (ProtocolRow::Offline, Incoming::Pop3) => "protocol-pop3-offline",
            (ProtocolRow::Space, Incoming::Imap) => "protocol-imap-space",
            (ProtocolRow::Space, Incoming::Pop3) => "protocol-pop3-space",
        }
    }
}

/// Draws step 3.
pub fn protocol_ui(ui: &mut Ui, w: &mut Wizard) -> Option<Action> {
    let lang = w.lang;
    widgets::heading(ui, &tr(lang, "protocol-heading"));
    widgets::para(ui, &tr(lang, "protocol-intro"));
    ui.add_space(8.0);

    let provider = w.provider();
    let has_imap = provider.is_none_or(|p| !p.imap.is_empty());
    let has_pop3 = provider.is_none_or(|p| !p.pop3.is_empty());
    let client_pop3 = w.client().is_none_or(|c| c.supports_pop3);

    let mut choice = w.persisted.incoming;
    ui.columns(2, |cols| {
        for (col, incoming) in cols.iter_mut().zip(Incoming::ALL) {
            widgets::card(col, |ui| {
                let title = tr(lang, incoming.title_id());
                ui.label(RichText::new(title).size(19.0).strong());
                for row in ProtocolRow::ALL {
                    ui.add_space(4.0);
                    ui.label(RichText::new(tr(lang, row.label_id())).weak());
                    widgets::para(ui, &tr(lang, row.answer_id(incoming)));
                }
                ui.add_space(8.0);
                let available = match incoming {
                    Incoming::Imap => has_imap,
                    Incoming::Pop3 => has_pop3 && client_pop3,
                };
                let button_text = w.control_label(&tr(lang, incoming.use_button_id()));
                let button = ui.add_enabled(
                    available,
                    egui::Button::new(RichText::new(button_text).size(16.0))
                        .selected(choice == incoming)
                        .frame(true)
                        .min_size([ui.available_width(), 32.0].into()),
                );
                if button.clicked() {
                    choice = incoming;
                }
                if !available {
                    let reason = if incoming == Incoming::Pop3 && !client_pop3 {
                        "blocker-client-no-pop3"
                    } else {
                        "protocol-not-offered"
                    };
                    widgets::warning(ui, &tr(lang, reason));
                }
            });
        }
    });
    if choice != w.persisted.incoming {
        switch_protocol(w, choice);
    }

    ui.add_space(8.0);
    let recommended = if has_imap {
        "protocol-recommend-imap"
    } else {
        "protocol-recommend-pop3"
    };
    widgets::para(ui, &tr(lang, recommended));

    if w.persisted.incoming == Incoming::Pop3 {
        ui.add_space(6.0);
        widgets::card(ui, |ui| {
            let leave = w.client().and_then(|c| {
                c.screens
                    .iter()
                    .flat_map(|s| s.fields.iter())
                    .find(|f| f.kind == FieldKind::LeaveOnServer)
            });
            match (leave, w.client()) {
                (Some(field), Some(client)) if field.value.is_some() => widgets::para(
                    ui,
                    &tr_args(
                        lang,
                        "protocol-pop3-leave-copy-value",
                        &[
                            ("client", Arg::Str(client.name.get(lang))),
                            ("label", Arg::Str(field.label.text.get(lang))),
                            (
                                "value",
                                Arg::Str(
                                    field
                                        .value
                                        .as_ref()
                                        .map(|v| v.get(lang))
                                        .unwrap_or_default(),
                                ),
                            ),
                        ],
                    ),
                ),
                (Some(field), Some(client)) => widgets::para(
                    ui,
                    &tr_args(
                        lang,
                        "protocol-pop3-leave-copy-in",
                        &[
                            ("client", Arg::Str(client.name.get(lang))),
                            ("label", Arg::Str(field.label.text.get(lang))),
                        ],
                    ),
                ),
                _ => widgets::para(ui, &tr(lang, "protocol-pop3-leave-copy")),
            }
        });
    }
    None
}

/// Changes the protocol; in manual entry a standard port follows the protocol.
fn switch_protocol(w: &mut Wizard, to: Incoming) {
    let from = w.persisted.incoming;
    w.persisted.incoming = to;
    if w.persisted.provider_choice == ProviderChoice::Manual {
        let server = &mut w.persisted.manual.incoming;
        let port = server.port.trim().parse().ok();
        if port
            .and_then(|p| security_for_port(from.protocol(), p))
            .is_some()
        {
            server.port = standard_port(to.protocol(), server.security).to_string();
        }
    }
}
