"""Screenshots of the real MLflow UI for one run: its overview, its artifacts with a plot open, its logged model.

Driven by Selenium with Debian's Chromium and ChromeDriver (scripts/ensure-chromium.sh), headless, as a user
clicks: the "Model training" toggle (the UI opens in GenAI mode), the assistant panel closed, then each page.
Called by scripts/ui-screenshots.sh: `python ui_screenshots.py BASE_URL OUT_DIR`.
"""
import os
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import ui_routes

# What Chromium needs on a machine with no display, no GPU and no network beyond loopback.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1"]
WIDTH = 1400
PLOT = "training_confusion_matrix.svg"


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in CHROMIUM_FLAGS + ["--user-data-dir=" + profile, "--window-size=%d,1000" % WIDTH]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def wait_for(driver, script, what, timeout=60):
    """Waits until the JavaScript expression `script` is true; fails naming `what`."""
    try:
        WebDriverWait(driver, timeout, poll_frequency=0.25).until(lambda d: d.execute_script("return " + script))
    except Exception:
        raise SystemExit("the UI did not show %s within %d s (at %s)" % (what, timeout, driver.current_url))
    time.sleep(1.0)  # charts and images finish drawing


def text_shown(text):
    return "document.body && document.body.innerText.indexOf(%r) >= 0" % text


def click_text(driver, text):
    """Clicks the element whose own text is `text`, as a user would (through any tooltip or popover)."""
    found = driver.find_elements(By.XPATH, "//*[normalize-space(text())=%r]" % text)
    if not found:
        raise SystemExit("the UI has no %r to click (at %s)" % (text, driver.current_url))
    driver.execute_script("arguments[0].click()", found[0])


def model_training_view(driver, base, experiment_id):
    driver.get("%s/#/experiments/%s" % (base, experiment_id))
    wait_for(driver, text_shown("Model training"), "the GenAI / Model training toggle")
    click_text(driver, "Model training")
    wait_for(driver, text_shown("Model registry"), "the Model training view")
    for close in driver.find_elements(By.CSS_SELECTOR, "[data-component-id='mlflow.assistant.chat_panel.close']"):
        driver.execute_script("arguments[0].click()", close)


def shoot(driver, url, ready, what, path, height):
    driver.set_window_size(WIDTH, height)
    driver.get(url)
    wait_for(driver, ready, what)
    driver.save_screenshot(path)
    print("[screenshots] %s  <- %s" % (path, url))


def main(base, out):
    experiment_id, run_id, model_id = ui_routes.latest_run_with_model(base)
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jmlflow-chromium-") as profile:
        driver = browser(profile)
        try:
            model_training_view(driver, base, experiment_id)
            shoot(driver, ui_routes.run_url(base, experiment_id, run_id),
                  text_shown("Parameters (") + " && " + text_shown("training_accuracy_score"),
                  "the run's parameters and metrics", os.path.join(out, "run-overview.png"), 1500)
            shoot(driver, ui_routes.run_url(base, experiment_id, run_id, "artifacts/" + PLOT),
                  text_shown(PLOT) + " && Array.from(document.images).some(i => i.complete && i.naturalWidth >= 300)",
                  "the plot " + PLOT, os.path.join(out, "run-artifacts.png"), 900)
            shoot(driver, ui_routes.model_url(base, experiment_id, model_id),
                  text_shown(model_id) + " && " + text_shown("Parameters"),
                  "the logged model page", os.path.join(out, "logged-model.png"), 1100)
        finally:
            driver.quit()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2])
