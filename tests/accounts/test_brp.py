"""The Haal Centraal BRP client against a real HTTP server on this machine."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from meedoen.accounts.brp import BRPError, FakeBRPClient, HaalCentraalBRPClient


class _BRPHandler(BaseHTTPRequestHandler):
    requests: list = []
    status = 200

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append((dict(self.headers), body))
        payload = {"type": "RaadpleegMetBurgerservicenummer", "personen": []}
        if body["burgerservicenummer"] == ["999990007"]:
            payload["personen"] = [
                {
                    "geboorte": {"datum": {"type": "Datum", "datum": "1985-03-14"}},
                    "verblijfplaats": {"verblijfadres": {"postcode": "7411 AB"}},
                }
            ]
        data = json.dumps(payload).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def brp_server():
    _BRPHandler.requests = []
    _BRPHandler.status = 200
    server = HTTPServer(("127.0.0.1", 0), _BRPHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/haalcentraal/api/brp", _BRPHandler
    server.shutdown()


def test_asks_only_for_needed_fields_with_purpose_headers(brp_server, settings):
    url, handler = brp_server
    settings.BRP_PURPOSE = "stemgerechtigdheid"
    person = HaalCentraalBRPClient(url, "secret-key").lookup("999990007")
    assert person.postcode == "7411AB"
    assert person.birth_year == 1985
    headers, body = handler.requests[0]
    assert body["fields"] == ["geboorte.datum", "verblijfplaats.verblijfadres.postcode"]
    assert body["type"] == "RaadpleegMetBurgerservicenummer"
    assert headers["X-API-KEY"] == "secret-key"
    assert headers["x-doelbinding"] == "stemgerechtigdheid"
    assert "x-verwerking" in headers


def test_unknown_person_is_none(brp_server):
    url, _handler = brp_server
    assert HaalCentraalBRPClient(url, "k").lookup("999990019") is None


def test_server_error_raises_brp_error(brp_server):
    url, handler = brp_server
    handler.status = 500
    with pytest.raises(BRPError):
        HaalCentraalBRPClient(url, "k").lookup("999990007")


def test_fake_brp_knows_the_test_persons():
    person = FakeBRPClient().lookup("999990019")
    assert person.postcode == "7417CD" and person.birth_year == 2010
