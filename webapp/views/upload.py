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
)

from webapp import custom, forms, i18n, spreadsheet
from webapp.i18n import gettext as _
from webapp.pagecache import memoised
from webapp.views.common import bp, catalogue
from webapp.views.navigation import page_url


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
            text, errors = _uploaded_text(form.csv_file, form.csv_text, "protocol", required=True)
            milestones, more = _uploaded_text(form.milestones_file, form.milestones_text, "protocol")
            errors += more
            if not errors:
                upload = custom.Upload(custom.normalise(text), (form.name.data or "").strip(), date.today(),
                                       custom.normalise(milestones) if milestones else "")
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
                return redirect(page_url("timeline.index", query), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("custom.html", form=form, errors=errors, catalogue=catalogue()), status


def _uploaded_text(file_field, text_field, header: str, required: bool = False) -> tuple[str, list[str]]:
    """Return one table's CSV text, with commas, from its file or its text box (at most one), or what is wrong."""
    name = file_field.name
    file, pasted = file_field.data, (text_field.data or "").strip()
    has_file = file is not None and getattr(file, "filename", "")
    if has_file and pasted:
        return "", [_("%(field)s: give the CSV once: either upload a file or paste the text, not both.", field=name)]
    if not has_file and not pasted:
        return "", [_("%(field)s: choose a CSV file to upload, or paste the CSV text.", field=name)] if required else []
    if not has_file:
        return spreadsheet.to_commas(custom.normalise(pasted), header), []
    try:
        text = spreadsheet.decode(file.read())
    except spreadsheet.SpreadsheetError as problem:
        return "", [_("%(field)s: %(problem)s", field=name, problem=str(problem))]
    return spreadsheet.to_commas(custom.normalise(text), header), []


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


@bp.get("/custom/milestones-<protocol_id>.csv")
@memoised
def custom_milestones_template(protocol_id: str):
    """Return a built-in protocol's milestones in the upload format, as the starting point for one's own."""
    protocol = catalogue().protocols.get(protocol_id)
    if protocol is None:
        abort(404)
    response = current_app.response_class(custom.template_milestones_csv(protocol), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="all-timeline-milestones-{protocol.id}.csv"'
    return response
