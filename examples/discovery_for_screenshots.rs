//! Starts a DNS server on loopback (dnsmasq) with an Exmail-hosted domain (MX) and a domain
//! that publishes SRV records, plus an "ISPDB" that accepts connections and never answers, for
//! scripts/screenshots-discovery.sh. Prints shell assignments, then keeps running until standard
//! input closes.

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::Read;
use std::net::TcpListener;
use std::thread;

use common::dnsmasq::{Dnsmasq, Records};

fn main() {
    let dns = Dnsmasq::start(
        &Records::new()
            .mx("exmail-corp.test", "mxbiz1.qq.com", 5)
            .mx("exmail-corp.test", "mxbiz2.qq.com", 10)
            .srv("_imaps._tcp.srv-corp.test", "imap.srv-corp.test", 993, 0, 1)
            .srv("_pop3s._tcp.srv-corp.test", "pop.srv-corp.test", 995, 0, 1)
            .srv(
                "_submissions._tcp.srv-corp.test",
                "smtp.srv-corp.test",
                465,
                0,
                1,
            ),
    );
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind");
    let silent_port = silent.local_addr().expect("addr").port();
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in silent.incoming().flatten() {
            held.push(stream);
        }
    });
    let closed = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    println!("DNS={}", dns.addr());
    println!("SLOW_ISPDB=https://127.0.0.1:{silent_port}/v1.1/");
    println!("NO_ISPDB=https://127.0.0.1:{closed}/v1.1/");
    println!("READY=1");
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
}
