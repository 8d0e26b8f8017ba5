"""Browser tests: Debian's headless Chromium driven by Selenium against pytest-django's live server.

Nothing is downloaded at run time: the browser and its driver are the ones on
the PATH (Debian's ``chromium`` and ``chromium-driver``), given to Selenium by
path, and Selenium Manager is switched off (``SE_OFFLINE``). Without them the
tests are skipped with the reason, unless ``HOMEWARD_REQUIRE_BROWSER=1`` (set
by ``.ci/run``) turns the skip into a failure.

Each test starts signed out with an empty cookie jar; ``Browser.sign_in`` goes
through the sign-in page as a person would, which also gives the fresh sign-in
that approving and signing need. ``Browser.step`` saves a screenshot per step
under ``HOMEWARD_SCREENSHOT_DIR`` (default ``var/test-artifacts/screenshots``).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.accessibility import AxeReport, axe_scan
from tests.conftest import PASSWORD

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a driver or a browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("HOMEWARD_SCREENSHOT_DIR", ROOT / "var" / "test-artifacts" / "screenshots"))
WAIT = 10  # seconds: generous for a loaded CI machine; a passing step takes milliseconds
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _executables() -> tuple[str | None, str | None]:
    browser = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    return browser, shutil.which("chromedriver")


def _missing(reason: str) -> None:
    if os.environ.get("HOMEWARD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; HOMEWARD_REQUIRE_BROWSER=1 makes the browser tests mandatory", pytrace=False)
    pytest.skip(f"{reason}: install Debian's chromium and chromium-driver to run the browser tests")


@pytest.fixture(scope="session")
def driver() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (it is in the dev extra)")
    binary, chromedriver = _executables()
    if binary is None or chromedriver is None:
        _missing(f"no {'chromium' if binary is None else 'chromedriver'} on the PATH")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--lang=en-GB", "--disable-extensions",
                     "--no-first-run", "--disable-background-networking", "--disable-sync"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    chrome = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    chrome.set_page_load_timeout(30)
    try:
        yield chrome
    finally:
        chrome.quit()


class Browser:
    """One person at the browser: signs in, fills forms, and keeps a screenshot per step."""

    def __init__(self, driver: Any, base_url: str, name: str) -> None:
        self.driver = driver
        self.base_url = base_url
        self.folder = SCREENSHOTS / name
        self.steps = 0

    # -- moving around -------------------------------------------------------------------------------
    def go(self, path: str) -> None:
        self.driver.get(self.base_url + path)
        self.wait_ready()

    def path(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.driver.current_url).path

    def wait_ready(self) -> None:
        self.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def until(self, condition: Any, timeout: float = WAIT, message: str = "") -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(condition, message)

    def until_path(self, pattern: str) -> str:
        self.until(lambda _d: re.fullmatch(pattern, self.path()), message=f"path {pattern}, at {self.path()}")
        self.wait_ready()
        return self.path()

    def htmx_settled(self) -> None:
        """No HTMX request in flight and no swap pending (htmx marks both with classes on elements)."""
        self.until(lambda d: d.execute_script(
            "return !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"))

    # -- finding things ------------------------------------------------------------------------------
    def find(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.until(lambda d: d.find_element(By.CSS_SELECTOR, css), message=f"no element {css}")

    def all(self, css: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def has(self, css: str) -> bool:
        return bool(self.all(css))

    def text(self, css: str = "main") -> str:
        return self.find(css).text

    def focused(self) -> Any:
        return self.driver.switch_to.active_element

    # -- acting by keyboard --------------------------------------------------------------------------
    def type(self, css: str, value: str, *, clear: bool = True) -> Any:
        element = self.find(css)
        if clear:
            element.clear()
        element.send_keys(value)
        return element

    def press(self, css: str) -> None:
        """Activate a button or link from the keyboard: focus it, then Enter."""
        from selenium.webdriver.common.keys import Keys

        element = self.find(css)
        self.driver.execute_script("arguments[0].focus()", element)
        assert self.focused() == element, f"{css} cannot take the keyboard focus"
        element.send_keys(Keys.ENTER)

    def tick(self, css: str) -> None:
        """Select a radio button or tick a checkbox from the keyboard: focus it, then Space."""
        from selenium.webdriver.common.keys import Keys

        element = self.find(css)
        self.driver.execute_script("arguments[0].focus()", element)
        assert self.focused() == element, f"{css} cannot take the keyboard focus"
        element.send_keys(Keys.SPACE)
        self.until(lambda _d: element.is_selected(), message=f"{css} was not selected")

    def choose(self, css: str, value: str) -> None:
        """Pick an option of a select by its value with the arrow keys, as a keyboard user does."""
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import Select

        element = self.find(css)
        values = [option.get_attribute("value") for option in Select(element).options]
        assert value in values, f"{css} has no option {value!r}: {values}"
        self.driver.execute_script("arguments[0].focus()", element)
        current = values.index(element.get_attribute("value"))
        target = values.index(value)
        key = Keys.ARROW_DOWN if target > current else Keys.ARROW_UP
        for _ in range(abs(target - current)):
            element.send_keys(key)
        self.until(lambda _d: element.get_attribute("value") == value, message=f"{css} did not take {value}")

    # -- people --------------------------------------------------------------------------------------
    def sign_in(self, user: Any, password: str = PASSWORD) -> None:
        from django.urls import reverse

        self.sign_out()
        self.go(reverse("accounts:login"))
        self.type("input[name=username]", user.get_username())
        self.type("input[name=password]", password)
        login = self.path()
        self.press("main form button[type=submit]")
        self.until(lambda _d: self.path() != login, message="sign-in did not go through")
        self.wait_ready()

    def sign_out(self) -> None:
        self.driver.delete_all_cookies()

    # -- evidence ------------------------------------------------------------------------------------
    def step(self, name: str) -> Path:
        """Save a screenshot of the whole page for this step of the workflow."""
        self.steps += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.steps:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.png"
        # The whole page, not the viewport: Chromium's own full-page capture over the DevTools protocol.
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def axe(self, page: str) -> AxeReport:
        return axe_scan(self.driver, page)

    def assert_accessible(self, page: str) -> None:
        """No serious or critical axe-core violation on the page as it stands."""
        report = self.axe(page)
        assert not report.blocking, report.describe()

    def messages(self) -> str:
        return " ".join(element.text for element in self.all(".messages .message, .alert"))


@pytest.fixture
def browser(driver: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Browser]:
    driver.delete_all_cookies()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)
    folder = SCREENSHOTS / name
    if folder.exists():
        shutil.rmtree(folder)
    person = Browser(driver, live_server.url, name)
    yield person
    driver.delete_all_cookies()
