-- One row per code of the goals code list, and 'ukendt'.

{{ code_dimension('goals', 'goal') }}
