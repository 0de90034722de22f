/*
 * Search: suggestions while typing, and filters that apply themselves.
 *
 * Progressive enhancement: without this script a search box submits to the search page and a
 * listing's filter form is sent with its buttons. With it:
 *
 * - The header's search box and every input marked data-search-suggest become an ARIA 1.2
 *   combobox: suggestions from the API (data-suggest-url) appear in a listbox as one types
 *   (debounced); Down/Up move through them, Enter opens the chosen one, Escape closes the list
 *   (and a second Escape clears the box); the number of suggestions is announced.
 * - On a narrow screen the facet column (data-search-panel, an open <details>) starts folded.
 * - A change in the filter form (data-search-form) loads the results in place: the page is
 *   fetched with the form's parameters, its facet column and result list replace the current
 *   ones, the result count (role="status") is updated so that screen readers announce it, and
 *   the address changes, so that Back and bookmarks work. Any failure falls back to loading the
 *   page normally.
 *
 * No library, no request to another site; the texts come translated on the script tag.
 */
(function () {
    "use strict";

    var script = document.querySelector("script[data-search-script]");
    if (!script || window.forstSearchReady || !window.fetch || !window.URLSearchParams) {
        return;
    }
    window.forstSearchReady = true;
    document.documentElement.classList.add("js-search");

    var SUGGEST_DELAY = 200;
    var FILTER_DELAY = 300;
    var MIN_CHARS = 2;
    var texts = {
        label: script.getAttribute("data-label-suggestions") || "",
        one: script.getAttribute("data-text-one") || "",
        many: script.getAttribute("data-text-many") || "",
        none: script.getAttribute("data-text-none") || ""
    };
    var suggestUrl = script.getAttribute("data-suggest-url");

    // --- Autocomplete ------------------------------------------------------------------------

    var comboboxCount = 0;

    function combobox(input) {
        if (input.hasAttribute("data-search-combobox")) {
            return;
        }
        input.setAttribute("data-search-combobox", "");
        comboboxCount += 1;
        var listId = "search-suggest-" + comboboxCount;
        var host = input.parentNode;
        host.classList.add("search-suggest-host");

        var list = document.createElement("ul");
        list.id = listId;
        list.className = "search-suggest";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", texts.label);
        list.hidden = true;
        host.appendChild(list);

        var status = document.createElement("span");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        host.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);
        input.setAttribute("autocomplete", "off");

        var items = [];
        var active = -1;
        var timer = null;
        var request = null;
        var shownFor = "";

        function options() {
            return list.querySelectorAll("[role=option]");
        }

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function open() {
            if (items.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
        }

        function highlight(index) {
            active = index;
            Array.prototype.forEach.call(options(), function (option, position) {
                option.setAttribute("aria-selected", position === index ? "true" : "false");
                if (position === index) {
                    input.setAttribute("aria-activedescendant", option.id);
                    option.scrollIntoView({ block: "nearest" });
                }
            });
            if (index < 0) {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function choose(index) {
            var item = items[index];
            if (!item) {
                return;
            }
            input.value = item.text;
            close();
            window.location.assign(item.url);
        }

        function render(suggestions, query) {
            items = suggestions;
            shownFor = query;
            active = -1;
            list.textContent = "";
            suggestions.forEach(function (item, index) {
                var option = document.createElement("li");
                option.id = listId + "-" + index;
                option.className = "search-suggest__option";
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.textContent = item.text;
                // Keep the focus in the box, so that the click below still lands.
                option.addEventListener("mousedown", function (event) { event.preventDefault(); });
                option.addEventListener("click", function () { choose(index); });
                list.appendChild(option);
            });
            if (!suggestions.length) {
                status.textContent = texts.none;
            } else if (suggestions.length === 1) {
                status.textContent = texts.one;
            } else {
                status.textContent = texts.many.replace("{count}", String(suggestions.length));
            }
            if (suggestions.length) {
                open();
            } else {
                close();
            }
        }

        function load() {
            var query = input.value.trim();
            if (query.length < MIN_CHARS) {
                items = [];
                shownFor = "";
                list.textContent = "";
                status.textContent = "";
                close();
                return;
            }
            if (query === shownFor) {
                open();
                return;
            }
            if (request) {
                request.abort();
            }
            request = new AbortController();
            fetch(suggestUrl + "?" + new URLSearchParams({ q: query }).toString(), {
                signal: request.signal,
                credentials: "same-origin",
                headers: { Accept: "application/json" }
            }).then(function (response) {
                return response.ok ? response.json() : { suggestions: [] };
            }).then(function (body) {
                if (input.value.trim() === query && document.activeElement === input) {
                    render(body.suggestions || [], query);
                }
            }).catch(function () {
                // Aborted or offline: the box still works as a plain search field.
            });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(load, SUGGEST_DELAY);
        });

        input.addEventListener("keydown", function (event) {
            if (event.key === "ArrowDown") {
                event.preventDefault();
                if (list.hidden) {
                    open();
                    if (!items.length) {
                        load();
                    }
                } else {
                    highlight(active + 1 >= items.length ? 0 : active + 1);
                }
            } else if (event.key === "ArrowUp") {
                if (!list.hidden) {
                    event.preventDefault();
                    highlight(active <= 0 ? items.length - 1 : active - 1);
                }
            } else if (event.key === "Enter") {
                if (!list.hidden && active >= 0) {
                    event.preventDefault();
                    choose(active);
                }
            } else if (event.key === "Escape") {
                if (!list.hidden) {
                    event.preventDefault();
                    close();
                } else if (input.value) {
                    event.preventDefault();
                    input.value = "";
                    shownFor = "";
                    items = [];
                    list.textContent = "";
                }
            }
        });

        input.addEventListener("blur", close);
    }

    var boxes = document.querySelectorAll("#site-search-q, input[data-search-suggest]");
    Array.prototype.forEach.call(boxes, combobox);

    // --- Filters -----------------------------------------------------------------------------

    // On a narrow screen the facet column comes before the products: fold it.
    var narrow = window.matchMedia && window.matchMedia("(max-width: 991.98px)").matches;
    var panel = document.querySelector("[data-search-panel]");
    if (panel && narrow) {
        panel.open = false;
    }

    var filterTimer = null;
    var pending = null;
    var shownUrl = withoutHash(window.location.href);

    function withoutHash(url) {
        return url.split("#")[0];
    }

    function isFilterForm(form) {
        return Boolean(form && form.hasAttribute("data-search-form"));
    }

    function formUrl(form) {
        var params = new URLSearchParams();
        new FormData(form).forEach(function (value, name) {
            if (value !== "") {
                params.append(name, value);
            }
        });
        var query = params.toString();
        var action = form.getAttribute("action") || window.location.pathname;
        return new URL(action + (query ? "?" + query : ""), window.location.href).href;
    }

    function swap(page) {
        var regions = ["[data-search-facets]", "[data-search-list]", "[data-search-count]"];
        var current = regions.map(function (selector) { return document.querySelector(selector); });
        var fresh = regions.map(function (selector) { return page.querySelector(selector); });
        if (current.concat(fresh).some(function (node) { return !node; })) {
            return false;
        }
        var focusedId = document.activeElement ? document.activeElement.id : "";
        var openPanel = current[0].querySelector("[data-search-panel]");
        var freshPanel = fresh[0].querySelector("[data-search-panel]");
        if (openPanel && freshPanel) {
            freshPanel.open = openPanel.open;
        }
        current[0].replaceWith(document.adoptNode(fresh[0]));
        current[1].replaceWith(document.adoptNode(fresh[1]));
        // The live region stays in place and only changes its words, so they are announced.
        current[2].textContent = fresh[2].textContent;
        var sort = document.getElementById("search-sort");
        var freshSort = page.getElementById("search-sort");
        if (sort && freshSort) {
            sort.value = freshSort.value;
        }
        var focused = focusedId ? document.getElementById(focusedId) : null;
        if (focused && focused !== document.activeElement) {
            var folded = focused.closest("details");
            if (folded) {
                folded.open = true;
            }
            focused.focus();
        }
        document.title = page.title;
        return true;
    }

    function show(url, addToHistory) {
        if (pending) {
            pending.abort();
        }
        pending = new AbortController();
        var list = document.querySelector("[data-search-list]");
        if (list) {
            list.setAttribute("aria-busy", "true");
        }
        fetch(url, {
            signal: pending.signal,
            credentials: "same-origin",
            headers: { Accept: "text/html" }
        }).then(function (response) {
            if (!response.ok) {
                throw new Error("HTTP " + response.status);
            }
            return response.text();
        }).then(function (html) {
            var page = new DOMParser().parseFromString(html, "text/html");
            if (!swap(page)) {
                window.location.assign(url);
                return;
            }
            shownUrl = withoutHash(url);
            if (addToHistory) {
                window.history.pushState({ search: true }, "", url);
            }
        }).catch(function (error) {
            if (error.name !== "AbortError") {
                window.location.assign(url);
            }
        });
    }

    document.addEventListener("change", function (event) {
        var form = event.target.form;
        if (!isFilterForm(form)) {
            return;
        }
        window.clearTimeout(filterTimer);
        filterTimer = window.setTimeout(function () { show(formUrl(form), true); }, FILTER_DELAY);
    });

    document.addEventListener("submit", function (event) {
        if (isFilterForm(event.target)) {
            event.preventDefault();
            window.clearTimeout(filterTimer);
            show(formUrl(event.target), true);
        }
    });

    window.addEventListener("popstate", function () {
        var url = withoutHash(window.location.href);
        if (url !== shownUrl && document.querySelector("[data-search-form]")) {
            show(url, false);
        }
    });
})();
