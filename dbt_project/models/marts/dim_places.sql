-- One row per code of the places code list, and 'ukendt'.

{{ code_dimension('places', 'place') }}
