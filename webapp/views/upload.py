"""A clinician's own protocol: the upload form and the starting-point templates."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from webapp import custom, forms, i18n, spreadsheet
from webapp.i18n import gettext as _
from webapp.pagecache import memoised
from webapp.views.common import bp, catalogue


@bp.route("/custom", methods=["GET", "POST"])
def custom_upload():
    """Take a clinician's own protocol as a CSV; check every row; show it, storing nothing."""
    form = forms.CustomForm()
    errors: list[str] = []
    if request.method == "POST":
        if not form.validate():
            if form.csrf_token.errors:
                errors.append(_("This form has expired or was not sent from this page (its security token is "
                                "missing or wrong). Reload the page and send it again."))
        else:
            text, errors = _uploaded_text(form)
            if not errors:
                upload = custom.Upload(custom.normalise(text), (form.name.data or "").strip(), date.today())
                protocol, errors = custom.parse(upload, catalogue().sources, catalogue().paths)
            if not errors:
                token = custom.encode(upload)
                if len(token) > custom.MAX_TOKEN:
                    errors.append(_("The protocol is too large to carry in a link (%(length)s characters after "
                                    "packing; the most is %(most)s). Fix: shorten the summary and note texts.",
                                    length=len(token), most=custom.MAX_TOKEN))
            if not errors:
                query = urlencode({k: v for k, v in (("start", form.start.data), ("protocol", protocol.id),
                                                     ("custom", token)) if v} | i18n.url_args())
                return redirect(url_for("timeline.index") + "?" + query, code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("custom.html", form=form, errors=errors, catalogue=catalogue()), status


def _uploaded_text(form: forms.CustomForm) -> tuple[str, list[str]]:
    """Return the CSV text from the file or the text box (exactly one), or what is wrong."""
    file, pasted = form.csv_file.data, (form.csv_text.data or "").strip()
    has_file = file is not None and getattr(file, "filename", "")
    if has_file and pasted:
        return "", [_("csv_file: give the CSV once: either upload a file or paste the text, not both.")]
    if not has_file and not pasted:
        return "", [_("csv_file: choose a CSV file to upload, or paste the CSV text.")]
    if not has_file:
        return spreadsheet.to_commas(custom.normalise(pasted), "protocol"), []
    try:
        text = spreadsheet.decode(file.read())
    except spreadsheet.SpreadsheetError as problem:
        return "", [_("csv_file: %(problem)s", problem=str(problem))]
    return spreadsheet.to_commas(custom.normalise(text), "protocol"), []


@bp.get("/custom/template-<protocol_id>.csv")
@memoised
def custom_template(protocol_id: str):
    """Return a built-in protocol in the upload format, as the starting point for one's own."""
    protocol = catalogue().protocols.get(protocol_id)
    if protocol is None:
        abort(404)
    response = current_app.response_class(custom.template_csv(protocol), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="all-timeline-template-{protocol.id}.csv"'
    return response
