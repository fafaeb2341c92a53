with

source as (
    select * from {{ source('raw', 'borgere') }}
),

renamed as (
    select
        borger_id as citizen_id,
        koen as gender,
        foedselsaar as birth_year,
        civilstand as civil_status,
        bor_alene as lives_alone,
        forsoergelse as income_source,
        problemer as problems,
        distrikt as district,
        _source as source_file,
        _line as source_line
    from source
)

select * from renamed
