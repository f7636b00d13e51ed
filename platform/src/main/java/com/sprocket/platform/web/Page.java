package com.sprocket.platform.web;

import java.util.List;

/**
 * One page of a cursor-paginated list.
 *
 * @param items the rows
 * @param next cursor for the following page ({@code ?after=}), null on the last page
 */
public record Page<T>(List<T> items, String next) {}
