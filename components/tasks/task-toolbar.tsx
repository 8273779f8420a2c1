"use client";

import { useEffect, useId, useState, type RefObject } from "react";
import { CloseIcon, SearchIcon } from "@/components/icons";
import {
  SEARCH_MAX,
  SORT_OPTIONS,
  type Priority,
  type SortOption,
  type StatusFilter,
  type TaskFilters,
} from "@/lib/shared/task-list";

// Search, filters and sort. Search waits for a pause in typing before it asks the server; the
// selects apply at once. Native <select>s: keyboard, screen readers and phones handle them well.

type Props = {
  filters: TaskFilters;
  onChange: (filters: TaskFilters) => void;
  searchRef: RefObject<HTMLInputElement | null>;
};

const SEARCH_DELAY_MS = 250;

export function TaskToolbar({ filters, onChange, searchRef }: Props) {
  const id = useId();
  const [query, setQuery] = useState(filters.q);

  // Follow outside changes (e.g. "Clear filters").
  const [lastApplied, setLastApplied] = useState(filters.q);
  if (filters.q !== lastApplied) {
    setLastApplied(filters.q);
    setQuery(filters.q);
  }

  useEffect(() => {
    if (query === filters.q) return;
    const timer = window.setTimeout(() => onChange({ ...filters, q: query }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query, filters, onChange]);

  return (
    <div className="toolbar">
      <div className="search">
        <SearchIcon className="search-icon" />
        <label htmlFor={`${id}-search`} className="sr-only">
          Search tasks
        </label>
        <input
          ref={searchRef}
          id={`${id}-search`}
          type="search"
          className="input search-input"
          placeholder="Search tasks"
          autoComplete="off"
          maxLength={SEARCH_MAX}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") onChange({ ...filters, q: query });
          }}
        />
        <kbd className="search-shortcut" aria-hidden="true">
          /
        </kbd>
      </div>
      <div className="filters">
        <div className="field field-compact">
          <label className="field-label" htmlFor={`${id}-status`}>
            Status
          </label>
          <select
            id={`${id}-status`}
            className="input select"
            value={filters.status}
            onChange={(event) => onChange({ ...filters, status: event.target.value as StatusFilter })}
          >
            <option value="all">All</option>
            <option value="pending">Pending</option>
            <option value="completed">Completed</option>
          </select>
        </div>
        <div className="field field-compact">
          <label className="field-label" htmlFor={`${id}-priority`}>
            Priority
          </label>
          <select
            id={`${id}-priority`}
            className="input select"
            value={filters.priority}
            onChange={(event) => onChange({ ...filters, priority: event.target.value as Priority | "any" })}
          >
            <option value="any">Any</option>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
        </div>
        <div className="field field-compact">
          <label className="field-label" htmlFor={`${id}-sort`}>
            Sort by
          </label>
          <select
            id={`${id}-sort`}
            className="input select"
            value={filters.sort}
            onChange={(event) => onChange({ ...filters, sort: event.target.value as SortOption })}
          >
            {SORT_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {filters.tags.length > 0 ? (
        <ul className="active-tags" aria-label="Tag filters">
          {filters.tags.map((tag) => (
            <li key={tag}>
              <button
                type="button"
                className="tag tag-active"
                aria-label={`Remove tag filter ${tag}`}
                onClick={() => onChange({ ...filters, tags: filters.tags.filter((other) => other !== tag) })}
              >
                #{tag}
                <CloseIcon width={14} height={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
