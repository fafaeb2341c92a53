{#-
    A dimension over a code list (a seed): its codes with Danish and English labels, plus
    'ukendt' for blank, missing or unlisted values, which the facts count there (kpis.md).
-#}
{% macro code_dimension(seed, key) -%}
with

codes as (
    select * from {{ ref(seed) }}
),

unknown as (
    select
        'ukendt' as code,
        'Ukendt' as label_da,
        'Unknown' as label_en,
        999 as sort_order
    where not exists (select 1 from codes where code = 'ukendt')
),

final as (
    select
        code as {{ key }},
        label_da,
        label_en,
        sort_order
    from codes
    union all
    select
        code as {{ key }},
        label_da,
        label_en,
        sort_order
    from unknown
)

select * from final
{%- endmacro %}
