"""What each page shows, computed from the model: ordering, trends, labels, citations.

Templates present; they do not compute. Everything a template needs to decide (which grade came
before, which way a council moved, which number a citation has) is worked out here, once, in
plain Python that tests can reach. A module a page, or a piece pages share:

- `council`: a council's page (`CouncilView`, `council_view`), and the paragraph it opens with.
- `timeline_entry`: one event on a council's timeline, with its citations and Ofsted's words.
- `standing`: where a council stands now, and the change since the inspection before.
- `grade_grid`: a council's grades, inspection by inspection, area by area.
- `takeovers`: changes of council, told on each side's page.
- `every_council`: every council's view, linked to its neighbours (and `ViewCache`, to reuse them).
- `national`: the national picture and the counts by grade; `regions`: councils by region.
- `every_inspection`: the site's timeline page, every inspection newest first.
- `compare`: a council beside its statistical neighbours.
- `area_send`: area SEND inspections' outcomes, apart from grades.
- `about`: the About page's lists.
- `dates`: the one date rule; `grades`: grades in words and the markers' key.
"""
