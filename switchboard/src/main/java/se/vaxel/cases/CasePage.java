package se.vaxel.cases;

import java.util.List;

/** One page of a search, newest first, and how many cases matched in all. */
public record CasePage(int total, int page, int size, List<Case> cases) {}
