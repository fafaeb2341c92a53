with

source as (
    select * from {{ source('raw', 'boligsituation') }}
),

renamed as (
    select
        borger_id as citizen_id,
        dato as registered_on,
        situation as housing_situation,
        _source as source_file,
        _line as source_line
    from source
)

select * from renamed
