package com.sprocket.catalog.part;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Lets {@code ?sort=price_asc} (any case, dashes or underscores) bind to {@link PartSort}. */
@Component
class PartSortConverter implements Converter<String, PartSort> {

    @Override
    public PartSort convert(String source) {
        return PartSort.of(source.strip());
    }
}
