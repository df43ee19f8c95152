"""What the real MLflow UI shows on the page of a logged model: opens the model page of the latest run's logged model
headless (Debian's Chromium through Selenium, as scripts/ui_screenshots.py does), saves a screenshot, and prints as
JSON the fields of its "About this logged model" panel and the dataset column of its metrics table.

    python ui_model_page.py BASE_URL OUT_PNG
"""
import json
import os
import sys
import tempfile

import ui_routes
import ui_screenshots

FIELDS = ["Created by", "Logged from", "Datasets used", "Status", "Source run"]


def field(lines, label):
    """The line after `label` on the page (the panel shows each label above its value), or None."""
    for i, line in enumerate(lines[:-1]):
        if line.strip() == label:
            return lines[i + 1].strip()
    return None


def main(base, out):
    experiment_id, run_id, model_id = ui_routes.latest_run_with_model(base)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jmlflow-chromium-") as profile:
        driver = ui_screenshots.browser(profile)
        try:
            ui_screenshots.model_training_view(driver, base, experiment_id)
            ui_screenshots.shoot(driver, ui_routes.model_url(base, experiment_id, model_id),
                                 ui_screenshots.text_shown(model_id) + " && " + ui_screenshots.text_shown("Created by")
                                 + " && " + ui_screenshots.text_shown("Datasets used"),
                                 "the logged model page", out, 1100)
            lines = [l for l in driver.execute_script("return document.body.innerText").split("\n") if l.strip()]
        finally:
            driver.quit()
    shown = {label: field(lines, label) for label in FIELDS}
    shown["model_id"] = model_id
    shown["run_id"] = run_id
    shown["lines"] = lines
    print(json.dumps(shown))


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2])
